/** Starting points for a first tracker: the new-tracker form opens filled in with one. */
export interface TrackerTemplate {
  emoji: string;
  name: string;
  type: 'numerical' | 'note';
  unit?: string;
  whatToTrack?: string;
}

export const TRACKER_TEMPLATES: TrackerTemplate[] = [
  { emoji: '🏃', name: 'Running', type: 'numerical', unit: 'km', whatToTrack: 'Distance run' },
  { emoji: '💧', name: 'Water', type: 'numerical', unit: 'glasses', whatToTrack: 'Glasses of water' },
  { emoji: '😴', name: 'Sleep', type: 'numerical', unit: 'hours', whatToTrack: 'Hours slept' },
  { emoji: '💸', name: 'Spending', type: 'numerical', unit: '€', whatToTrack: 'Money spent' },
  { emoji: '⚖️', name: 'Weight', type: 'numerical', unit: 'kg', whatToTrack: 'Body weight' },
  { emoji: '📓', name: 'Journal', type: 'note' },
];
