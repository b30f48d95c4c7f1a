import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AutoRechargeForm } from "@/components/credit/auto-recharge-form";
import { CostChart } from "@/components/credit/cost-chart";
import { LedgerTable } from "@/components/credit/ledger-table";
import { TopUpForm } from "@/components/credit/top-up-form";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { autoRechargeOf } from "@/lib/billing/topups/auto-recharge/settings";
import { formatMicros, microsToPkrText } from "@/lib/credit/money";
import { creditOverview } from "@/lib/credit/overview";
import { costSeries } from "@/lib/portal/cost-series";
import { requirePermission } from "@/lib/teams/require";
import { saveAccountSpend, saveAutoRechargeSettings, saveKeyCap, topUp } from "./actions";

export const metadata: Metadata = { title: "Credit" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) =>
  typeof value === "string" ? value : undefined;

const input =
  "block w-40 rounded-lg border border-zinc-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30";

export default async function CreditPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("credit:view", "/dashboard/credit");
  const params = await searchParams;
  const [overview, autoRecharge, cost] = await Promise.all([
    creditOverview(user.accountId),
    autoRechargeOf(user.accountId),
    costSeries(user.accountId),
  ]);
  if (!overview) notFound();
  const error = one(params.error);
  const saved = one(params.saved);
  const topUpResult = one(params.topup);
  return (
    <>
      <PageHeader
        title="Credit"
        description="Prepaid credit pays for calls past your plan's daily allowance, at list price. Spend caps stop charged calls (HTTP 402) once reached."
      />
      <div className="space-y-6">
        {error && <Alert>{error}</Alert>}
        {saved && <Alert tone="success">Saved: it applies from your next call.</Alert>}
        {topUpResult === "success" && (
          <Alert tone="success" testId="topup-notice">
            Payment received. Your balance shows it as soon as Stripe confirms it (a few seconds).
          </Alert>
        )}
        {topUpResult === "canceled" && (
          <Alert tone="info" testId="topup-notice">
            Top-up canceled: nothing was charged.
          </Alert>
        )}
        {autoRecharge.notice && !autoRecharge.enabled && (
          <Alert testId="auto-recharge-notice">{autoRecharge.notice}</Alert>
        )}
        <Card title="Balance">
          <p className="text-3xl font-semibold" data-testid="credit-balance">
            {formatMicros(overview.balanceMicros)}
          </p>
          <p className="mt-1 text-sm text-zinc-600">
            Charged to credit in {overview.month}:{" "}
            <span data-testid="credit-month-spend">{formatMicros(overview.monthSpentMicros)}</span>
          </p>
        </Card>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Top up">
            <TopUpForm action={topUp} />
          </Card>
          <Card title="Auto-recharge">
            <AutoRechargeForm action={saveAutoRechargeSettings} settings={autoRecharge} />
          </Card>
        </div>
        <CostChart cost={cost} />
        <Card title="Account spend cap">
          <form action={saveAccountSpend} className="flex flex-wrap items-end gap-4">
            <label className="text-sm font-medium text-zinc-800">
              Monthly cap (PKR, blank for none)
              <input
                name="cap"
                inputMode="decimal"
                defaultValue={microsToPkrText(overview.capMicros)}
                className={`mt-1 ${input}`}
              />
            </label>
            <label className="flex items-center gap-2 text-sm text-zinc-800">
              <input
                type="checkbox"
                name="postpaid"
                defaultChecked={overview.postpaid}
                disabled={!overview.postpaidAllowed && !overview.postpaid}
              />
              Postpaid overage (billed with your subscription
              {overview.postpaidAllowed ? ")" : "; plans that allow overage only)"}
            </label>
            <button type="submit" className={buttonStyles.primary}>
              Save
            </button>
          </form>
        </Card>
        <Card title="Per-key monthly caps">
          {overview.keys.length === 0 ? (
            <p className="text-sm text-zinc-600">No active keys.</p>
          ) : (
            <ul className="divide-y divide-zinc-100">
              {overview.keys.map((key) => (
                <li key={key.id} className="flex flex-wrap items-end justify-between gap-4 py-3">
                  <div className="text-sm">
                    <div className="font-medium">{key.label}</div>
                    <div className="font-mono text-xs text-zinc-500">{key.display}</div>
                    <div className="text-xs text-zinc-600">
                      This month: {formatMicros(key.monthSpentMicros)}
                    </div>
                  </div>
                  <form action={saveKeyCap} className="flex items-end gap-2">
                    <input type="hidden" name="keyId" value={key.id} />
                    <label className="text-sm text-zinc-800">
                      Cap (PKR)
                      <input
                        name="cap"
                        inputMode="decimal"
                        aria-label={`Monthly cap for ${key.label}`}
                        defaultValue={microsToPkrText(key.capMicros)}
                        className={`mt-1 ${input}`}
                      />
                    </label>
                    <button type="submit" className={buttonStyles.secondary}>
                      Save
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card
          title="Recent entries"
          action={
            <Link href="/dashboard/billing" className="text-sm text-brand-700 hover:underline">
              Invoices and receipts
            </Link>
          }
        >
          <LedgerTable entries={overview.entries} />
        </Card>
      </div>
    </>
  );
}
