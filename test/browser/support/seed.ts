import { type APIRequestContext, expect } from '@playwright/test';
import { withDatabase } from './accounts';

/**
 * Realistic data for an account, through the api's own import (one request): a few trackers with
 * two months of logs, values, notes and emotions, from a fixed seed so pages look the same each run.
 */

type Emotion = 'happy' | 'excited' | 'calm' | 'neutral' | 'tired' | 'sad' | 'anxious' | 'angry';

interface SeedLog {
  loggedAt: string;
  value: number | null;
  description: string | null;
  emotion: Emotion | null;
  reminderMessage: null;
  reminderAt: null;
  reminderSentAt: null;
  createdAt: string;
}

interface SeedTracker {
  name: string;
  type: 'numerical' | 'note';
  description: string | null;
  whatToTrack: string | null;
  unit: string | null;
  createdAt: string;
  logs: SeedLog[];
}

/** A small deterministic random source (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOTES = [
  'Long walk by the river, finally some sun.',
  'Slept badly, too much coffee after lunch.',
  'Good talk with Mum on the phone.',
  'Finished the book. The ending was worth it.',
  'Busy day at work, but a calm evening.',
  'Tried the new bakery: the rye bread is excellent.',
  'Rainy Sunday, cooked soup and read.',
  'Felt stressed before the presentation; it went fine.',
];

const EMOTIONS: Emotion[] = ['happy', 'calm', 'excited', 'neutral', 'tired', 'happy', 'calm', 'anxious'];

function at(daysAgo: number, hour: number, minute = 0): string {
  const date = new Date();
  date.setUTCDate(date.getUTCDate() - daysAgo);
  date.setUTCHours(hour, minute, 0, 0);
  return date.toISOString();
}

function log(
  daysAgo: number,
  hour: number,
  value: number | null,
  description: string | null,
  emotion: Emotion | null,
): SeedLog {
  const when = at(daysAgo, hour, (daysAgo * 7) % 60);
  return {
    loggedAt: when,
    value,
    description,
    emotion,
    reminderMessage: null,
    reminderAt: null,
    reminderSentAt: null,
    createdAt: when,
  };
}

export function seedDocument(days = 60) {
  const rand = random(42);
  const running: SeedLog[] = [];
  const sleep: SeedLog[] = [];
  const water: SeedLog[] = [];
  const journal: SeedLog[] = [];
  for (let d = days; d >= 1; d--) {
    if (rand() < 0.55 || d <= 6) {
      const km = Math.round((4 + rand() * 6 + (days - d) / 30) * 10) / 10;
      running.push(
        log(d, 6, km, d % 9 === 0 ? 'Hill intervals, legs heavy.' : null, EMOTIONS[Math.floor(rand() * 4)]!),
      );
    }
    sleep.push(log(d, 5, Math.round((6 + rand() * 2.5) * 4) / 4, null, rand() < 0.3 ? 'tired' : null));
    water.push(log(d, 18, Math.round(4 + rand() * 5), null, null));
    if (rand() < 0.45) {
      journal.push(
        log(d, 20, null, NOTES[Math.floor(rand() * NOTES.length)]!, EMOTIONS[Math.floor(rand() * EMOTIONS.length)]!),
      );
    }
  }
  const created = at(days + 1, 9);
  const trackers: SeedTracker[] = [
    {
      name: 'Running',
      type: 'numerical',
      description: 'Morning runs around the park.',
      whatToTrack: 'Distance run',
      unit: 'km',
      createdAt: created,
      logs: running,
    },
    {
      name: 'Sleep',
      type: 'numerical',
      description: null,
      whatToTrack: 'Hours slept',
      unit: 'hours',
      createdAt: created,
      logs: sleep,
    },
    {
      name: 'Water',
      type: 'numerical',
      description: null,
      whatToTrack: 'Glasses of water',
      unit: 'glasses',
      createdAt: created,
      logs: water,
    },
    {
      name: 'Journal',
      type: 'note',
      description: 'A line or two about the day.',
      whatToTrack: null,
      unit: null,
      createdAt: created,
      logs: journal,
    },
  ];
  return { format: 'tally-export', version: 1, exportedAt: new Date().toISOString(), trackers };
}

/** Imports the seed document into the account that `accessToken` belongs to. */
export async function seedAccount(request: APIRequestContext, accessToken: string, days = 60): Promise<void> {
  const response = await request.post('/api/v1/import', {
    headers: { authorization: `Bearer ${accessToken}` },
    multipart: {
      file: {
        name: 'seed.json',
        mimeType: 'application/json',
        buffer: Buffer.from(JSON.stringify(seedDocument(days))),
      },
    },
  });
  expect(response.status(), await response.text()).toBe(200);
}

/** Marks the address confirmed, as the emailed link would (tests that are not about confirmation). */
export async function markConfirmed(userId: number): Promise<void> {
  await withDatabase((db) => db.execute('UPDATE users SET confirmed_at = NOW(3) WHERE id = ?', [userId]));
}
