/** Rules every stored text field follows, on the api and in the web client's forms alike. */
import { charLength } from './limits';

export interface TextRule {
  /** Most characters (Unicode code points, as the utf8mb4 column counts them). */
  max: number;
  /** Allow line breaks and tabs (descriptions); single-line fields allow no control characters. */
  multiline?: boolean;
}

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Finding control characters is the point of these two.
// eslint-disable-next-line no-control-regex
const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const MULTILINE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Whether `text` has a UTF-16 surrogate without its other half: not Unicode text, and not storable as UTF-8. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/**
 * Why `text` cannot be stored in a field with this rule, as the end of a sentence that starts with
 * the field name ("must be at most 100 characters"), or null when it is fine.
 */
export function textProblem(text: string, rule: TextRule): string | null {
  if (hasLoneSurrogate(text)) return 'must be valid Unicode text';
  if ((rule.multiline ? MULTILINE_CONTROL : SINGLE_LINE_CONTROL).test(text)) {
    return rule.multiline ? 'must not contain control characters' : 'must be a single line without control characters';
  }
  if (charLength(text) > rule.max) return `must be at most ${rule.max} characters`;
  return null;
}

/** Trimmed text, with blank meaning "not set". */
export function cleanOptionalText(text: string | null | undefined): string | null {
  if (text === null || text === undefined) return null;
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}
