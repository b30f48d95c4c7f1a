import { businessMonth } from "@/lib/portal/days";

function previousMonth(month: string): string {
  const [year, m] = month.split("-").map(Number);
  return new Date(Date.UTC(year, m - 2, 1)).toISOString().slice(0, 7);
}

/** CSV downloads of this month and the last, served by /api/dashboard/usage/export. */
export function ExportLinks({ keyId }: { keyId?: string }) {
  const current = businessMonth();
  const months = [current, previousMonth(current)];
  const suffix = keyId ? `&key=${encodeURIComponent(keyId)}` : "";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-zinc-500">Export CSV:</span>
      {months.map((month) => (
        <a
          key={month}
          href={`/api/dashboard/usage/export?month=${month}${suffix}`}
          download
          className="rounded-md border border-zinc-300 bg-white px-2.5 py-1 font-medium hover:bg-zinc-50"
          data-testid={month === current ? "export-current-month" : undefined}
        >
          {month}
        </a>
      ))}
    </div>
  );
}
