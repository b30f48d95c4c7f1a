import { Alert } from "@/components/ui/alert";

const MESSAGES: Record<string, { tone: "error" | "info" | "success"; text: string }> = {
  "checkout:success": { tone: "success", text: "Payment received — your new plan is active." },
  "checkout:pending": {
    tone: "info",
    text: "Payment received. Your plan changes as soon as Stripe confirms it — usually within a few seconds.",
  },
  "checkout:canceled": { tone: "info", text: "Checkout canceled: nothing was charged." },
  "error:unavailable": {
    tone: "error",
    text: "Billing is unreachable right now. Please try again in a minute.",
  },
  "error:portal": { tone: "error", text: "There is no billing account yet: choose a plan first." },
  "error:enterprise": {
    tone: "error",
    text: "Enterprise plans are managed by our team — contact us to change yours.",
  },
  "error:plan": { tone: "error", text: "That plan cannot be bought online." },
};

/** The message for ?checkout=… or ?error=… after a round trip to Stripe. */
export function BillingNotice({ checkout, error }: { checkout?: string; error?: string }) {
  const found =
    (error && MESSAGES[`error:${error}`]) || (checkout && MESSAGES[`checkout:${checkout}`]);
  if (!found) return null;
  return (
    <div className="mb-6" data-testid="billing-notice">
      <Alert tone={found.tone}>{found.text}</Alert>
    </div>
  );
}
