/**
 * A table that becomes a stack of cards below 640 px instead of running off a phone's screen:
 * each cell shows its column's name (its data-label) above the value. One DOM for both widths.
 */
export const stackedTable = {
  table: "w-full text-left text-sm max-sm:block",
  head: "max-sm:hidden",
  body: "divide-y divide-zinc-100 max-sm:block",
  row: "max-sm:grid max-sm:grid-cols-2 max-sm:gap-x-4 max-sm:gap-y-2 max-sm:py-3",
  cell: "max-sm:block max-sm:min-w-0 max-sm:p-0 max-sm:text-left max-sm:before:block max-sm:before:text-xs max-sm:before:font-normal max-sm:before:text-zinc-500 max-sm:before:content-[attr(data-label)]",
  /** A cell that takes a whole line of the card (long values). */
  wide: "max-sm:col-span-2",
} as const;
