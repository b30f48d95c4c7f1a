import { isPlanId, PLANS } from "@/lib/plans/plans";

const PLAN_STYLES: Record<string, string> = {
  free: "bg-zinc-100 text-zinc-700",
  starter: "bg-sky-100 text-sky-800",
  pro: "bg-violet-100 text-violet-800",
  enterprise: "bg-brand-100 text-brand-700",
};

const pill = "inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium";

export function PlanBadge({ plan }: { plan: string }) {
  return (
    <span className={`${pill} ${PLAN_STYLES[plan] ?? PLAN_STYLES.free}`} data-testid="plan-badge">
      {isPlanId(plan) ? PLANS[plan].name : plan}
    </span>
  );
}

const TONES = {
  good: "bg-emerald-100 text-emerald-800",
  warn: "bg-amber-100 text-amber-800",
  bad: "bg-red-100 text-red-800",
  neutral: "bg-zinc-100 text-zinc-700",
} as const;

export type Tone = keyof typeof TONES;

export function Badge({
  tone,
  children,
  testId,
}: {
  tone: Tone;
  children: string;
  testId?: string;
}) {
  return (
    <span className={`${pill} ${TONES[tone]}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function AccountStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={status === "active" ? "good" : "bad"} testId="account-status">
      {status}
    </Badge>
  );
}

/** Stripe's words for a subscription or event, coloured by what they mean for us. */
export function toneOf(status: string): Tone {
  if (["active", "paid", "processed", "succeeded", "ok", "trialing"].includes(status))
    return "good";
  if (["past_due", "open", "incomplete", "degraded", "pending", "ignored"].includes(status))
    return "warn";
  if (["canceled", "unpaid", "failed", "error", "down", "void", "uncollectible"].includes(status))
    return "bad";
  return "neutral";
}
