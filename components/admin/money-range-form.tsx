import { buttonStyles } from "@/components/ui/button";
import type { MoneyRange } from "@/lib/admin/money/range";

/** This month, last month or a custom range of days: a plain GET form, so the URL says it. */
export function MoneyRangeForm({
  range,
  from,
  to,
}: {
  range: MoneyRange;
  from?: string;
  to?: string;
}) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-2 text-sm" data-testid="money-range">
      <label className="flex flex-col gap-1">
        <span className="text-zinc-600">Period</span>
        <select
          name="range"
          defaultValue={range.kind}
          className="rounded-md border border-zinc-300 px-2 py-1.5"
        >
          <option value="this-month">This month</option>
          <option value="last-month">Last month</option>
          <option value="custom">Custom range</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-zinc-600">From</span>
        <input
          type="date"
          name="from"
          defaultValue={from}
          className="rounded-md border border-zinc-300 px-2 py-1"
        />
      </label>
      <label className="flex flex-col gap-1">
        <span className="text-zinc-600">To</span>
        <input
          type="date"
          name="to"
          defaultValue={to}
          className="rounded-md border border-zinc-300 px-2 py-1"
        />
      </label>
      <button type="submit" className={buttonStyles.secondary}>
        Show
      </button>
    </form>
  );
}
