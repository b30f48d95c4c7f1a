import { buttonStyles } from "@/components/ui/button";
import type { BillingOverview } from "@/lib/billing/overview";
import { formatCount, formatPkr } from "@/lib/plans/money";
import type { PlanTerms as Plan } from "@/lib/plans/plans";
import { SubmitButton } from "./submit-button";

/** The per-request cap in words a buyer reads, not the API's parameter name. */
export function maxTokensText(max: number | null): string {
  return max === null
    ? "No limit on tokens per request"
    : `Up to ${formatCount(max)} tokens per request`;
}

interface Actions {
  upgrade: (formData: FormData) => Promise<void>;
  manage: (form: FormData) => Promise<void>;
}

function PlanAction({
  plan,
  overview,
  actions,
}: {
  plan: Plan;
  overview: BillingOverview;
  actions: Actions;
}) {
  const current = overview.plan.id;
  if (plan.id === current) {
    return <span className="text-sm font-medium text-zinc-500">Your plan</span>;
  }
  if (plan.monthlyPricePaisa === null) {
    if (!overview.salesEmail) {
      return (
        <p className="text-sm text-zinc-600" data-testid="billing-contact-enterprise">
          Enterprise terms are agreed with our team: ask us through your usual contact.
        </p>
      );
    }
    return (
      <a
        className={buttonStyles.secondary}
        href={`mailto:${overview.salesEmail}?subject=${encodeURIComponent("Darwaza Enterprise")}`}
        data-testid="billing-contact-enterprise"
      >
        Contact us
      </a>
    );
  }
  if (current === "enterprise") return null;
  // Plan changes of an existing subscription (and going back to Free) happen in the portal.
  if (overview.subscription || !plan.selfServe || !plan.monthlyPricePaisa) {
    if (!overview.hasCustomer) return null;
    return (
      <form action={actions.manage}>
        <SubmitButton className={buttonStyles.secondary} testId={`billing-change-${plan.id}`}>
          {plan.rank > overview.plan.rank ? "Upgrade" : "Downgrade"} in portal
        </SubmitButton>
      </form>
    );
  }
  return (
    <form action={actions.upgrade}>
      <input type="hidden" name="plan" value={plan.id} />
      <SubmitButton className={buttonStyles.primary} testId={`billing-upgrade-${plan.id}`}>
        Upgrade to {plan.name}
      </SubmitButton>
    </form>
  );
}

/** The plans on sale (the account's own version in place of its plan's latest), and each button. */
export function PlanCards({ overview, actions }: { overview: BillingOverview; actions: Actions }) {
  const plans = overview.plans.map((plan) => (plan.id === overview.plan.id ? overview.plan : plan));
  if (!plans.some((plan) => plan.id === overview.plan.id)) plans.push(overview.plan);
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      {plans.map((plan) => (
        <section
          key={plan.id}
          data-testid={`billing-plan-${plan.id}`}
          className={`flex flex-col rounded-xl border bg-white p-4 shadow-sm ${plan.id === overview.plan.id ? "border-brand-500 ring-1 ring-brand-500" : "border-zinc-200"}`}
        >
          <h3 className="text-lg font-semibold">{plan.name}</h3>
          <p className="mt-1 text-xl font-bold" data-testid={`billing-price-${plan.id}`}>
            {plan.monthlyPricePaisa === null ? "Custom" : formatPkr(plan.monthlyPricePaisa)}
            {plan.monthlyPricePaisa !== null && (
              <span className="text-sm font-normal text-zinc-500"> / month</span>
            )}
          </p>
          <ul className="mt-3 flex-1 space-y-1 text-sm text-zinc-700">
            <li>{formatCount(plan.limits.requestsPerMinute)} requests / min</li>
            <li>{formatCount(plan.limits.requestsPerDay)} requests / day</li>
            <li>{formatCount(plan.limits.tokensPerDay)} tokens / day</li>
            <li>{maxTokensText(plan.limits.maxTokensPerRequest)}</li>
            {plan.features.map((feature) => (
              <li key={feature} className="text-zinc-500">
                {feature}
              </li>
            ))}
          </ul>
          <div className="mt-4">
            <PlanAction plan={plan} overview={overview} actions={actions} />
          </div>
        </section>
      ))}
    </div>
  );
}
