import { buttonStyles } from "@/components/ui/button";
import type { CustomerSort } from "@/lib/usage/customers";

/** A plain GET form: the search lives in the URL, so results can be linked and paged. */
export function CustomerSearch({ search, sort }: { search?: string; sort: CustomerSort }) {
  return (
    <search>
      <form
        action="/admin/customers"
        method="get"
        className="flex flex-col gap-2 sm:flex-row sm:items-end"
      >
        <label className="flex-1 text-sm font-medium text-zinc-800">
          Email or organization
          <input
            name="q"
            type="search"
            defaultValue={search}
            placeholder="e.g. lahore or ali@example.com"
            className="mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30"
          />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          Sort
          <select
            name="sort"
            defaultValue={sort}
            className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm sm:w-48"
          >
            <option value="newest">Newest first</option>
            <option value="requests">Most requests this month</option>
          </select>
        </label>
        <button type="submit" className={buttonStyles.primary}>
          Search
        </button>
      </form>
    </search>
  );
}
