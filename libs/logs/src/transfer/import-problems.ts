/** A problem of an import file: the line it is on (from 1), the field as the file names it, what is wrong. */
export interface ImportProblem {
  line: number;
  field: string;
  message: string;
}

/** At most this many problems are listed in a 422; checking stops once they are known. */
export const MAX_REPORTED_PROBLEMS = 100;

/**
 * The first problems of a file by line, however many it has: it keeps at most `2 × cap` of them
 * (cut back to the `cap` lowest lines, in the order found within a line) and counts the rest.
 * A hostile file with millions of bad rows costs a counter, not millions of objects and a sort.
 */
export class ProblemCollector {
  /** Every problem found so far, listed or not. */
  total = 0;
  private kept: Array<ImportProblem & { seq: number }> = [];
  private sorted = true;

  constructor(readonly cap = MAX_REPORTED_PROBLEMS) {}

  add(problem: ImportProblem): void {
    this.kept.push({ ...problem, seq: this.total++ });
    this.sorted = false;
    if (this.kept.length >= 2 * this.cap) this.trim();
  }

  /**
   * True once `cap` problems are known and none found later can come before them: every problem
   * still to come is on `watermark` or after (later problems on the same line sort after them).
   */
  settled(watermark: number): boolean {
    if (this.kept.length < this.cap) return false;
    this.trim();
    return this.kept[this.cap - 1]!.line <= watermark;
  }

  /** The first `cap` problems by line (within a line, in the order they were found). */
  listed(): ImportProblem[] {
    this.trim();
    return this.kept.map(({ line, field, message }) => ({ line, field, message }));
  }

  private trim(): void {
    if (this.sorted) return;
    this.sorted = true;
    this.kept.sort((a, b) => a.line - b.line || a.seq - b.seq);
    if (this.kept.length > this.cap) this.kept.length = this.cap;
  }
}
