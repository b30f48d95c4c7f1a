import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import type { AuditFilter } from "@/lib/audit/log";

const input =
  "mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30";

/** The audit log's filters as a GET form: a filtered view is a URL that can be shared. */
export function AuditFilters({ filter, actions }: { filter: AuditFilter; actions: string[] }) {
  return (
    <search>
      <form
        action="/admin/audit"
        method="get"
        className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6 lg:items-end"
      >
        <label className="text-sm font-medium text-zinc-800">
          Action
          <select name="action" defaultValue={filter.action ?? ""} className={input}>
            <option value="">Any</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-medium text-zinc-800">
          Account (id or email)
          <input name="account" defaultValue={filter.account} className={input} />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          Actor email
          <input name="actor" defaultValue={filter.actor} className={input} />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          From
          <input name="from" type="date" defaultValue={filter.from} className={input} />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          To
          <input name="to" type="date" defaultValue={filter.to} className={input} />
        </label>
        <div className="flex gap-2">
          <button type="submit" className={buttonStyles.primary}>
            Filter
          </button>
          <Link href="/admin/audit" className={buttonStyles.ghost}>
            Clear
          </Link>
        </div>
      </form>
    </search>
  );
}
