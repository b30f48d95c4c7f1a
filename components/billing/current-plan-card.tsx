import { buttonStyles } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { BillingOverview } from "@/lib/billing/overview";
import { formatPkr } from "@/lib/plans/money";
import { formatDate } from "@/lib/portal/format";
import { SubmitButton } from "./submit-button";

function renewal(overview: BillingOverview): string | null {
  const sub = overview.subscription;
  if (!sub) return null;
  if (sub.status === "past_due") {
    const until = overview.graceUntil
      ? ` Your plan stays active until ${formatDate(overview.graceUntil)}.`
      : "";
    return `Your last payment failed: update your card in Manage billing.${until}`;
  }
  if (sub.status === "paused") return "Your subscription is paused.";
  if (sub.cancelAtPeriodEnd)
    return `Ends on ${formatDate(sub.currentPeriodEnd)}; you then move to Free.`;
  return `Renews on ${formatDate(sub.currentPeriodEnd)}.`;
}

/** The plan the account is on now, when it renews or ends, and the way into the portal. */
export function CurrentPlanCard({
  overview,
  manage,
}: {
  overview: BillingOverview;
  manage: (form: FormData) => Promise<void>;
}) {
  const { plan } = overview;
  const price =
    plan.monthlyPricePaisa === null
      ? "Custom pricing"
      : `${formatPkr(plan.monthlyPricePaisa)} / month`;
  const note = renewal(overview);
  return (
    <Card testId="billing-current-plan">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <p className="text-sm text-zinc-500">Current plan</p>
          <p className="text-2xl font-semibold" data-testid="billing-plan-name">
            {plan.name}
          </p>
          <p className="text-sm text-zinc-600">{price}</p>
          {note && (
            <p
              className={`mt-2 text-sm ${overview.subscription?.status === "past_due" ? "text-red-700" : "text-zinc-700"}`}
              data-testid="billing-renewal"
            >
              {note}
            </p>
          )}
        </div>
        {overview.hasCustomer && (
          <form action={manage}>
            <SubmitButton className={buttonStyles.secondary} testId="billing-manage">
              Manage billing
            </SubmitButton>
          </form>
        )}
      </div>
    </Card>
  );
}
