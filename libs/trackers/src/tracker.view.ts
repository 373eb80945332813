import type { TrackerSummaryRow } from './tracker.repository';

/** A tracker as the API shows it (also what the read cache stores: plain JSON). */
export interface TrackerView extends Pick<
  TrackerSummaryRow,
  'id' | 'name' | 'description' | 'type' | 'whatToTrack' | 'unit' | 'logCount'
> {
  createdAt: string;
  updatedAt: string;
  lastLoggedAt: string | null;
  lastValue: number | null;
}

export function toTrackerView(row: TrackerSummaryRow): TrackerView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    whatToTrack: row.whatToTrack,
    unit: row.unit,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    logCount: row.logCount,
    lastLoggedAt: row.lastLoggedAt?.toISOString() ?? null,
    // DECIMAL(18,4) values are only accepted when a double holds them exactly (docs/decisions.md).
    lastValue: row.lastValue === null ? null : Number(row.lastValue),
  };
}
