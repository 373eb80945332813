import { cleanOptionalText, textProblem, TextRule, TRACKER_LIMITS } from '@tally/contracts';
import { ErrorDetail } from '@tally/platform';
import { TrackerType } from './tracker-type';

/** Field rules of product.md §1, shared by the API's DTOs and by imports; the limits are the web client's too. */
export const TRACKER_TEXT_RULES = {
  name: { max: TRACKER_LIMITS.name },
  description: { max: TRACKER_LIMITS.description, multiline: true },
  whatToTrack: { max: TRACKER_LIMITS.whatToTrack },
  unit: { max: TRACKER_LIMITS.unit },
} as const satisfies Record<string, TextRule>;

/** A tracker's editable fields after cleaning (trimmed; blank optional text is null). */
export interface TrackerFields {
  name: string;
  type: TrackerType;
  description: string | null;
  whatToTrack: string | null;
  unit: string | null;
}

export function cleanTrackerFields(fields: TrackerFields): TrackerFields {
  return {
    name: fields.name.trim(),
    type: fields.type,
    description: cleanOptionalText(fields.description),
    whatToTrack: cleanOptionalText(fields.whatToTrack),
    unit: cleanOptionalText(fields.unit),
  };
}

/** Every rule a (cleaned) tracker breaks, one detail per field; empty when it is valid. */
export function trackerFieldProblems(fields: TrackerFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!Object.values(TrackerType).includes(fields.type)) {
    problems.push({ field: 'type', message: `type must be one of: ${Object.values(TrackerType).join(', ')}` });
  }
  if (!fields.name) problems.push({ field: 'name', message: 'name must not be empty' });
  for (const field of ['name', 'description', 'whatToTrack', 'unit'] as const) {
    const value = fields[field];
    const problem = value === null ? null : textProblem(value, TRACKER_TEXT_RULES[field]);
    if (problem) problems.push({ field, message: `${field} ${problem}` });
  }
  if (fields.type === TrackerType.Note) {
    for (const field of ['whatToTrack', 'unit'] as const) {
      if (fields[field] !== null) {
        problems.push({ field, message: `${field} only applies to numerical trackers; leave it out for notes` });
      }
    }
  }
  return problems;
}
