import { buttonStyles } from "@/components/ui/button";
import type { BillingOverview } from "@/lib/billing/overview";
import { formatPkr } from "@/lib/plans/money";
import { SubmitButton } from "./submit-button";

/**
 * The plan picked on the pricing page before signing up, one click from its checkout. Shown only
 * while it can still be bought that way (not the current plan, no subscription yet).
 */
export function ChosenPlan({
  planId,
  overview,
  upgrade,
}: {
  planId: string | undefined;
  overview: BillingOverview;
  upgrade: (form: FormData) => Promise<void>;
}) {
  const plan = overview.plans.find((p) => p.id === planId);
  if (!plan?.selfServe || !plan.monthlyPricePaisa) return null;
  if (plan.id === overview.plan.id || overview.subscription) return null;
  return (
    <section
      aria-labelledby="chosen-plan-title"
      data-testid="billing-chosen-plan"
      className="mb-6 flex flex-wrap items-center justify-between gap-4 rounded-xl border border-brand-500 bg-brand-50 p-4"
    >
      <div>
        <h2 id="chosen-plan-title" className="font-semibold">
          You chose {plan.name}
        </h2>
        <p className="text-sm text-zinc-700">
          {formatPkr(plan.monthlyPricePaisa)} / month. Pay securely to switch your account now.
        </p>
      </div>
      <form action={upgrade}>
        <input type="hidden" name="plan" value={plan.id} />
        <SubmitButton className={buttonStyles.primary} testId="billing-chosen-checkout">
          Continue to checkout
        </SubmitButton>
      </form>
    </section>
  );
}
