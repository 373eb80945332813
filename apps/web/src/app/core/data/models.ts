import type { Schema } from '@tally/contracts';

/** Names for the document's schemas the pages use most (generated types, not hand-written ones). */
export type Tracker = Schema<'TrackerDto'>;
export type TrackerType = Schema<'TrackerType'>;
export type Log = Schema<'LogDto'>;
export type Stats = Schema<'StatsDto'>;
export type StatsBucket = Schema<'StatsBucketDto'>;
/** A log's emotion (the document lists it inline, nullable, on each log). */
export type Emotion = NonNullable<Log['emotion']>;
export type EmotionCounts = Schema<'EmotionCountsDto'>;
export type BucketSize = Stats['bucket'];

export interface EmotionInfo {
  id: Emotion;
  label: string;
  emoji: string;
}

/** The eight emotions the api knows, in the order pickers show them (pleasant to unpleasant). */
export const EMOTIONS = [
  { id: 'happy', label: 'Happy', emoji: '😊' },
  { id: 'excited', label: 'Excited', emoji: '🤩' },
  { id: 'calm', label: 'Calm', emoji: '😌' },
  { id: 'neutral', label: 'Neutral', emoji: '😐' },
  { id: 'tired', label: 'Tired', emoji: '😴' },
  { id: 'sad', label: 'Sad', emoji: '😢' },
  { id: 'anxious', label: 'Anxious', emoji: '😟' },
  { id: 'angry', label: 'Angry', emoji: '😠' },
] as const satisfies readonly EmotionInfo[];

// Fails to compile when the api knows an emotion this list lacks.
const everyEmotionListed: [Emotion] extends [(typeof EMOTIONS)[number]['id']] ? true : never = true;
void everyEmotionListed;

export function emotionInfo(id: Emotion | null | undefined): EmotionInfo | null {
  return EMOTIONS.find((e) => e.id === id) ?? null;
}
