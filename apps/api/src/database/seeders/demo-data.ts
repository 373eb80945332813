import { Emotion } from '@tally/logs';
import { TrackerType } from '@tally/trackers';

export const DEMO_ACCOUNT = {
  username: 'demo',
  email: 'demo@tally.local',
  password: 'tally-demo-password',
  timezone: 'Europe/London',
} as const;

export interface DemoTracker {
  name: string;
  type: TrackerType;
  description: string;
  whatToTrack?: string;
  unit?: string;
  /** Returns the day's entries (0..n) for `dayIndex` days ago. */
  entries: (random: () => number, dayIndex: number) => DemoEntry[];
}

export interface DemoEntry {
  hour: number;
  value?: number;
  description?: string;
  emotion?: Emotion;
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** Journal lines with the mood their words describe, so the demo reads true. */
const JOURNAL_LINES: ReadonlyArray<{ description: string; emotion: Emotion }> = [
  { description: 'Long walk by the river after work. Felt the week settle.', emotion: Emotion.Calm },
  {
    description: 'Slept badly, too much screen time before bed. Phone stays outside the bedroom tonight.',
    emotion: Emotion.Tired,
  },
  { description: 'Finished the book club pick. The ending was better than I expected.', emotion: Emotion.Happy },
  { description: 'Cooked dal and rice for friends; everyone asked for the recipe.', emotion: Emotion.Happy },
  { description: 'Stressful deadline, but shipped it. Need a quieter day tomorrow.', emotion: Emotion.Anxious },
  { description: 'Rainy Sunday: tea, crossword, and an early night.', emotion: Emotion.Calm },
  { description: 'Tried the 5k route through the park. Hills hurt, views worth it.', emotion: Emotion.Excited },
  { description: 'Called my parents. Dad is fixing the garden fence again.', emotion: Emotion.Neutral },
  { description: 'Train cancelled twice on the way home. Not my finest mood.', emotion: Emotion.Angry },
  { description: 'Missed an old friend today; wrote them a long letter.', emotion: Emotion.Sad },
];

/** Sample trackers with ~90 days of plausible history; deterministic for a given random source. */
export const DEMO_TRACKERS: DemoTracker[] = [
  {
    name: 'Running',
    type: TrackerType.Numerical,
    description: 'Morning and weekend runs.',
    whatToTrack: 'Distance run',
    unit: 'km',
    entries: (random, day) =>
      random() < 0.45 || day % 7 === 6
        ? [
            {
              hour: 7,
              value: round(3 + random() * 9, 2),
              emotion: pick(random, [Emotion.Happy, Emotion.Excited, Emotion.Tired, Emotion.Calm]),
            },
          ]
        : [],
  },
  {
    name: 'Sleep',
    type: TrackerType.Numerical,
    description: 'Hours slept, logged each morning.',
    whatToTrack: 'Time asleep',
    unit: 'hours',
    entries: (random) =>
      random() < 0.9
        ? [
            {
              hour: 8,
              value: round(5.5 + random() * 3, 1),
              emotion: pick(random, [Emotion.Calm, Emotion.Tired, Emotion.Neutral, Emotion.Happy]),
            },
          ]
        : [],
  },
  {
    name: 'Coffee spend',
    type: TrackerType.Numerical,
    description: 'What the café habit costs.',
    whatToTrack: 'Money spent on coffee',
    unit: '£',
    entries: (random) =>
      Array.from({ length: random() < 0.2 ? 0 : random() < 0.7 ? 1 : 2 }, (_, i) => ({
        hour: 9 + i * 5,
        value: round(2.6 + random() * 1.9, 2),
      })),
  },
  {
    name: 'Journal',
    type: TrackerType.Note,
    description: 'A line or two about the day.',
    entries: (random) => (random() < 0.35 ? [{ hour: 22, ...pick(random, JOURNAL_LINES) }] : []),
  },
];
