import { ReconcileTable } from "@/components/admin/reconcile-table";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { reconcile } from "@/lib/admin/reconcile/reconcile";
import { requireAdmin } from "@/lib/admin/require-admin";
import { stripe } from "@/lib/billing/stripe-client";
import { formatCountOf } from "@/lib/plans/money";

export const metadata = { title: "Reconciliation" };
export const dynamic = "force-dynamic";

export default async function ReconcilePage() {
  await requireAdmin("/admin/reconcile");
  const result = await reconcile(stripe());
  return (
    <>
      <PageHeader
        title="Reconciliation"
        description="Per account: ledger balance = its entries, usage debits = the usage events' costs, top-ups = Stripe's payments. Also: npm run billing:reconcile."
      />
      <div className="space-y-4">
        {result.mismatched === 0 ? (
          <Alert tone="success" testId="reconcile-status">
            Everything agrees: {formatCountOf(result.accounts.length, "account")} checked.
          </Alert>
        ) : (
          <Alert tone="error" testId="reconcile-status">
            {result.mismatched} of {formatCountOf(result.accounts.length, "account")}{" "}
            {result.mismatched === 1 ? "does" : "do"} not reconcile.
          </Alert>
        )}
        <ReconcileTable accounts={result.accounts} />
      </div>
    </>
  );
}
