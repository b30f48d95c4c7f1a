import { formatCount } from "@/lib/plans/money";

function tone(ratio: number): string {
  if (ratio >= 1) return "bg-red-500";
  if (ratio >= 0.8) return "bg-amber-500";
  return "bg-emerald-500";
}

/** Today's use of one limit; an unlimited dimension shows the count without a bar. */
export function LimitBar({
  id,
  label,
  used,
  limit,
}: {
  id: string;
  label: string;
  used: number;
  limit: number | null;
}) {
  const ratio = limit ? Math.min(used / limit, 1) : 0;
  return (
    <div data-testid={`limit-${id}`}>
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span id={`limit-${id}-label`} className="font-medium text-zinc-700">
          {label}
        </span>
        <span className="tabular-nums text-zinc-600" data-testid="limit-value">
          {formatCount(used)} / {formatCount(limit)}
        </span>
      </div>
      {limit === null ? (
        <p className="mt-2 text-xs text-zinc-500">No limit on your plan.</p>
      ) : (
        <div
          role="progressbar"
          aria-labelledby={`limit-${id}-label`}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(used, limit)}
          className="mt-2 h-2.5 overflow-hidden rounded-full bg-zinc-100"
        >
          <div
            className={`h-full rounded-full ${tone(ratio)}`}
            style={{ width: `${Math.max(ratio * 100, used > 0 ? 1.5 : 0)}%` }}
          />
        </div>
      )}
    </div>
  );
}
