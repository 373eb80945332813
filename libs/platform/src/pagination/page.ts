import { PAGE_LIMITS } from '@tally/contracts';

/** Lists answer `{ items, nextCursor }` (product.md §2): limit 1..200, default 50. */
export const DEFAULT_PAGE_LIMIT = PAGE_LIMITS.default;
export const MAX_PAGE_LIMIT = PAGE_LIMITS.max;

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
