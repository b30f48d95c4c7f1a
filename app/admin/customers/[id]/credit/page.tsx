import { randomUUID } from "node:crypto";
import Link from "next/link";
import { notFound } from "next/navigation";
import { LedgerTable } from "@/components/credit/ledger-table";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requireAdmin } from "@/lib/admin/require-admin";
import { formatMicros } from "@/lib/credit/money";
import { creditOverview } from "@/lib/credit/overview";
import { grantCreditAction } from "./actions";

export const metadata = { title: "Customer credit" };
export const dynamic = "force-dynamic";

type Params = Promise<{ id: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const input =
  "mt-1 block w-full rounded-lg border border-zinc-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30";

export default async function CustomerCreditPage({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  const { id } = await params;
  await requireAdmin(`/admin/customers/${encodeURIComponent(id)}/credit`);
  const query = await searchParams;
  const overview = await creditOverview(id);
  if (!overview) notFound();
  const error = typeof query.error === "string" ? query.error : null;
  return (
    <div className="space-y-6">
      <p className="text-sm text-zinc-600">
        <Link href={`/admin/customers/${encodeURIComponent(id)}`} className="hover:underline">
          ← Customer
        </Link>
      </p>
      {error && <Alert>{error}</Alert>}
      {query.granted === "1" && <Alert tone="success">Credit granted.</Alert>}
      <Card title="Credit ledger">
        <p className="text-2xl font-semibold" data-testid="admin-credit-balance">
          {formatMicros(overview.balanceMicros)}
        </p>
        <p className="mb-4 text-sm text-zinc-600">
          Balance = the ledger's sum. Charged to credit in {overview.month}:{" "}
          {formatMicros(overview.monthSpentMicros)}
        </p>
        <LedgerTable entries={overview.entries} />
      </Card>
      <Card title="Grant credit">
        <form action={grantCreditAction} className="grid gap-4 sm:grid-cols-3 sm:items-end">
          <input type="hidden" name="accountId" value={id} />
          <input type="hidden" name="nonce" value={randomUUID()} />
          <label className="text-sm font-medium text-zinc-800">
            Amount (PKR)
            <input name="amount" inputMode="decimal" required className={input} />
          </label>
          <label className="text-sm font-medium text-zinc-800">
            Reason (the customer sees it)
            <input name="note" required maxLength={200} className={input} />
          </label>
          <button type="submit" className={buttonStyles.primary}>
            Grant
          </button>
        </form>
      </Card>
    </div>
  );
}
