/**
 * Slot widths kept. Most zones move in whole hours and hourly slots serve them; half-hour slots
 * serve India, Iran, Newfoundland, South Australia and Lord Howe. The few zones on a quarter hour
 * (Nepal, Chatham, Eucla) get their statistics from the logs themselves: exact, slower for huge trackers.
 */
export const ROLLUP_SLOT_WIDTHS = [30, 60] as const;
export type RollupSlotWidth = (typeof ROLLUP_SLOT_WIDTHS)[number];
