import type { Json, Page } from '@tally/platform';
import type { TrackerView } from '@tally/trackers';
import type { StatsView } from '@tally/logs';
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

/** A and B have the same fields, both ways round (so neither has one the other lacks). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * The cached JSON of a view, sent as the DTO: the compiler checks that the view and the DTO have
 * exactly the same fields, so the text is what mapping each field (as toTrackerDto does) would give.
 */
function viewJsonAsDto<Dto, View>(json: Json<View>, ..._same: Same<View, Dto> extends true ? [] : [never]): Json<Dto> {
  return json as Json<Dto>;
}

export const trackerListJson = (json: Json<Page<TrackerView>>) =>
  viewJsonAsDto<TrackerListDto, Page<TrackerView>>(json);
export const trackerJson = (json: Json<TrackerView>) => viewJsonAsDto<TrackerDto, TrackerView>(json);
export const statsJson = (json: Json<StatsView>) => viewJsonAsDto<StatsDto, StatsView>(json);
