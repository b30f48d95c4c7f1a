import { formatCount } from "@/lib/plans/money";
import { effectiveLimits, type LimitOverrides, type Limits } from "@/lib/plans/plans";

/** The limits the gateway holds this account to right now (plan, or Enterprise overrides). */
export function LimitsSummary({
  account,
  planLimits,
}: {
  account: LimitOverrides;
  /** The limits of the plan version the account is on. */
  planLimits: Limits;
}) {
  const limits = effectiveLimits(account, planLimits);
  const rows = [
    ["Requests / minute", limits.requestsPerMinute],
    ["Requests / day", limits.requestsPerDay],
    ["Tokens / day", limits.tokensPerDay],
    ["Max tokens / request", limits.maxTokensPerRequest],
  ] as const;
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="effective-limits">
      {rows.map(([label, value]) => (
        <div key={label} className="rounded-lg bg-zinc-50 px-3 py-2">
          <dt className="text-xs text-zinc-500">{label}</dt>
          <dd className="font-semibold tabular-nums">{formatCount(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
