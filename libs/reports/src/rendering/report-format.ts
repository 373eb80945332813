import { Emotion } from '@tally/logs';

/** Formatting shared by the HTML, the plain text and the charts: English, stable, no locale surprises. */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-11` → "November 2026". */
export function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return `${MONTHS[m - 1] ?? month} ${year}`;
}

/** `2026-11` → "Nov". */
export function shortMonth(month: string): string {
  const m = Number(month.split('-')[1]);
  return (MONTHS[m - 1] ?? month).slice(0, 3);
}

export const integer = (n: number): string => Math.round(n).toLocaleString('en-US');

export const plural = (n: number, one: string, many = `${one}s`): string => `${integer(n)} ${n === 1 ? one : many}`;

const SCALE = 4;

/** A decimal string (DECIMAL(18,4)) as a scaled BigInt, so sums and differences stay exact. */
export function toScaled(value: string): bigint {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!match) return 0n;
  const [, sign, whole, fraction = ''] = match;
  const digits = BigInt((whole || '0') + fraction.padEnd(SCALE, '0').slice(0, SCALE));
  return sign ? -digits : digits;
}

/** A scaled BigInt back to "1,234.5" (thousands grouped, trailing zeros dropped, at most `decimals`). */
export function formatScaled(value: bigint, decimals = 2): string {
  const negative = value < 0n;
  let abs = negative ? -value : value;
  // Round half up to `decimals`.
  const drop = 10n ** BigInt(SCALE - decimals);
  abs = ((abs + drop / 2n) / drop) * drop;
  const whole = abs / 10n ** BigInt(SCALE);
  const fraction = (abs % 10n ** BigInt(SCALE)).toString().padStart(SCALE, '0').slice(0, decimals).replace(/0+$/, '');
  const grouped = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative && abs !== 0n ? '−' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

export const decimal = (value: string, decimals = 2): string => formatScaled(toScaled(value), decimals);

export type Direction = 'up' | 'down' | 'flat' | 'new';

export interface Delta {
  direction: Direction;
  /** "+12", "−3.5", "±0", or "" when there is nothing to compare with. */
  change: string;
  /** "+25 %" or "" (no percentage against 0 or nothing). */
  percent: string;
  /** Words for the plain text and screen readers: "up 12 (+25 %) on October". */
  words: string;
}

function deltaOf(current: bigint, previous: bigint | null, decimals: number, against: string): Delta {
  if (previous === null) return { direction: 'new', change: '', percent: '', words: `nothing to compare with` };
  const diff = current - previous;
  const direction: Direction = diff > 0n ? 'up' : diff < 0n ? 'down' : 'flat';
  const change = diff === 0n ? '±0' : `${diff > 0n ? '+' : ''}${formatScaled(diff, decimals)}`;
  const percent =
    previous === 0n || diff === 0n
      ? ''
      : `${diff > 0n ? '+' : '−'}${Math.round(Math.abs(Number(diff) / Number(previous)) * 100).toLocaleString('en-US')} %`;
  const words =
    direction === 'flat'
      ? `the same as ${against}`
      : `${direction} ${formatScaled(diff < 0n ? -diff : diff, decimals)} on ${against}${percent ? `, ${percent}` : ''}`;
  return { direction, change, percent, words };
}

export function countDelta(current: number, previous: number | null | undefined, against: string): Delta {
  return deltaOf(
    BigInt(Math.round(current)) * 10n ** BigInt(SCALE),
    previous === null || previous === undefined ? null : BigInt(Math.round(previous)) * 10n ** BigInt(SCALE),
    0,
    against,
  );
}

export function decimalDelta(current: string | null, previous: string | null, against: string): Delta {
  return deltaOf(toScaled(current ?? '0'), previous === null ? null : toScaled(previous), 2, against);
}

export const EMOTION_LABELS: Record<Emotion, { label: string; emoji: string }> = {
  happy: { label: 'Happy', emoji: '😊' },
  excited: { label: 'Excited', emoji: '🤩' },
  calm: { label: 'Calm', emoji: '😌' },
  neutral: { label: 'Neutral', emoji: '😐' },
  tired: { label: 'Tired', emoji: '😴' },
  sad: { label: 'Sad', emoji: '😢' },
  anxious: { label: 'Anxious', emoji: '😟' },
  angry: { label: 'Angry', emoji: '😠' },
} as Record<Emotion, { label: string; emoji: string }>;

export function emotionLabel(emotion: Emotion): string {
  return EMOTION_LABELS[emotion]?.label ?? String(emotion);
}

/** An ISO instant as the user's local "Tue 4 Nov, 21:05" (UTC when the zone is unknown). */
export function localDateTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: 'UTC' }).format(date);
  }
}

/** Notes can be long: the report shows the start of each. */
export function excerpt(text: string, max = 280): string {
  const chars = [...text.trim()];
  return chars.length <= max
    ? chars.join('')
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}
