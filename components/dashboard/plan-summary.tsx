import Link from "next/link";
import { formatPkr } from "@/lib/plans/money";
import type { AccountOverview } from "@/lib/portal/overview";
import { LimitBar } from "./limit-bar";

/** The plan and today's use of each of its limits. */
export function PlanSummary({ overview }: { overview: AccountOverview }) {
  const { plan, limits, usedNow, status } = overview;
  const price =
    plan.monthlyPricePaisa === null
      ? "Custom pricing"
      : `${formatPkr(plan.monthlyPricePaisa)} / month`;
  return (
    <section
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5"
      data-testid="plan-summary"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-sm text-zinc-500">Current plan</p>
          <p className="text-2xl font-semibold" data-testid="current-plan">
            {plan.name}
          </p>
          <p className="text-sm text-zinc-600">{price}</p>
        </div>
        <Link href="/dashboard/billing" className="text-sm font-medium text-brand-700 underline">
          {plan.id === "free" ? "Upgrade" : "Manage plan"}
        </Link>
      </div>
      {status === "suspended" && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
          This account is suspended: API calls are refused. Contact support.
        </p>
      )}
      <h2 className="mt-6 text-sm font-semibold text-zinc-800">Today&apos;s usage</h2>
      <div className="mt-3 grid gap-5 sm:grid-cols-3">
        <LimitBar
          id="rpm"
          label="Requests this minute"
          used={usedNow.requestsLastMinute}
          limit={limits.requestsPerMinute}
        />
        <LimitBar
          id="rpd"
          label="Requests today"
          used={usedNow.requestsToday}
          limit={limits.requestsPerDay}
        />
        <LimitBar
          id="tpd"
          label="Tokens today"
          used={usedNow.tokensToday}
          limit={limits.tokensPerDay}
        />
      </div>
    </section>
  );
}
