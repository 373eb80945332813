import type { Json, Page } from '@tally/platform';
import type { StatsView, TrackerView } from '@tally/trackers';
import type { StatsDto } from './stats.dto';
import type { TrackerDto, TrackerListDto } from './tracker.dto';

export function toTrackerDto(view: TrackerView): TrackerDto {
  return {
    id: view.id,
    name: view.name,
    description: view.description,
    type: view.type,
    whatToTrack: view.whatToTrack,
    unit: view.unit,
    createdAt: view.createdAt,
    updatedAt: view.updatedAt,
    logCount: view.logCount,
    lastLoggedAt: view.lastLoggedAt,
    lastValue: view.lastValue,
  };
}

export function toTrackerListDto(page: Page<TrackerView>): TrackerListDto {
  return { items: page.items.map(toTrackerDto), nextCursor: page.nextCursor };
}

export function toStatsDto(view: StatsView): StatsDto {
  return {
    trackerId: view.trackerId,
    timezone: view.timezone,
    bucket: view.bucket,
    from: view.from,
    to: view.to,
    buckets: view.buckets.map((b) => ({
      start: b.start,
      count: b.count,
      sum: b.sum,
      avg: b.avg,
      min: b.min,
      max: b.max,
    })),
    emotions: { ...view.emotions },
    totals: {
      ...view.totals,
      first: view.totals.first && { ...view.totals.first },
      last: view.totals.last && { ...view.totals.last },
    },
    streak: { current: view.streak.current, longest: view.streak.longest },
  };
}

/** A and B have the same fields, both ways round (so neither has one the other lacks). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The cached JSON of a view, sent as the DTO: the compiler checks that the view and the DTO have
 * exactly the same fields, so the text is what the mapper above would have produced.
 */
function viewJsonAsDto<Dto, View>(json: Json<View>, ..._same: Same<View, Dto> extends true ? [] : [never]): Json<Dto> {
  return json as Json<Dto>;
}

export const trackerListJson = (json: Json<Page<TrackerView>>) =>
  viewJsonAsDto<TrackerListDto, Page<TrackerView>>(json);
export const trackerJson = (json: Json<TrackerView>) => viewJsonAsDto<TrackerDto, TrackerView>(json);
export const statsJson = (json: Json<StatsView>) => viewJsonAsDto<StatsDto, StatsView>(json);
