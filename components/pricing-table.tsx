import Link from "next/link";
import { formatCount, formatPkr } from "@/lib/plans/money";
import type { PlanTerms } from "@/lib/plans/plans";

type Plan = PlanTerms;

/** A price agreed per customer (Enterprise) is sold by the team, not online. */
const custom = (plan: Plan) => plan.monthlyPricePaisa === null;

function price(plan: Plan): string {
  return plan.monthlyPricePaisa === null ? "Custom" : formatPkr(plan.monthlyPricePaisa);
}

function limitRows(plan: Plan): [string, string][] {
  const { limits } = plan;
  if (custom(plan)) {
    return [["Limits", "Unlimited, or as agreed"]];
  }
  return [
    ["Requests / minute", formatCount(limits.requestsPerMinute)],
    ["Requests / day", formatCount(limits.requestsPerDay)],
    ["Tokens / day", formatCount(limits.tokensPerDay)],
    ["Max tokens / request", formatCount(limits.maxTokensPerRequest)],
  ];
}

/** A paid plan's button signs up on the way to that plan's checkout (kept through verification). */
export function planSignUpHref(plan: Plan): string {
  if (!plan.monthlyPricePaisa) return "/signup";
  const checkout = `/dashboard/billing?plan=${encodeURIComponent(plan.id)}`;
  return `/signup?callbackUrl=${encodeURIComponent(checkout)}`;
}

function contactHref(salesEmail: string | null): string {
  if (!salesEmail) return "/signup";
  return `mailto:${salesEmail}?subject=${encodeURIComponent("Enterprise plan")}`;
}

/** The plans on sale, as the seller defined them (no numbers are written here). */
export function PricingTable({
  plans,
  salesEmail,
}: {
  plans: Plan[];
  /** DARWAZA_SALES_EMAIL (default the admin's): where "Contact us" writes to. */
  salesEmail: string | null;
}) {
  return (
    <div className="grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
      {plans.map((plan) => (
        <section
          key={plan.id}
          data-testid={`plan-${plan.id}`}
          aria-labelledby={`plan-${plan.id}-name`}
          className={`flex flex-col rounded-2xl border p-6 shadow-sm ${
            plan.id === "pro" ? "border-brand-500 ring-2 ring-brand-500/30" : "border-zinc-200"
          }`}
        >
          <h3 id={`plan-${plan.id}-name`} className="text-lg font-semibold">
            {plan.name}
          </h3>
          <p className="mt-2">
            <span className="text-3xl font-bold" data-testid="plan-price">
              {price(plan)}
            </span>
            {plan.monthlyPricePaisa !== null && <span className="text-zinc-500"> / month</span>}
          </p>
          <dl className="mt-6 space-y-2 text-sm">
            {limitRows(plan).map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4">
                <dt className="text-zinc-500">{label}</dt>
                <dd className="font-medium tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          <ul className="mt-6 flex-1 space-y-1 text-sm">
            {plan.features.map((feature) => (
              <li key={feature}>✓ {feature}</li>
            ))}
          </ul>
          <Link
            href={custom(plan) ? contactHref(salesEmail) : planSignUpHref(plan)}
            data-testid={`plan-${plan.id}-cta`}
            className="mt-6 rounded-lg bg-ink-900 px-4 py-2 text-center text-sm font-medium text-white hover:bg-zinc-700"
          >
            {custom(plan)
              ? salesEmail
                ? "Contact us"
                : "Get started"
              : plan.monthlyPricePaisa === 0
                ? "Start free"
                : `Choose ${plan.name}`}
          </Link>
        </section>
      ))}
    </div>
  );
}
