/** Lists answer `{ items, nextCursor }` (product.md §2); their limits are `PAGE_LIMITS` (@tally/contracts). */
export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}
