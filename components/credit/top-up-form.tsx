import { SubmitButton } from "@/components/billing/submit-button";
import { buttonStyles } from "@/components/ui/button";
import { MAX_TOPUP_MICROS, MIN_TOPUP_MICROS } from "@/lib/billing/topups/amounts";
import { formatMicros } from "@/lib/credit/money";

const input =
  "block w-40 rounded-lg border border-zinc-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30";

/** Add prepaid credit by card (Stripe Checkout); the card is saved for auto-recharge. */
export function TopUpForm({ action }: { action: (form: FormData) => Promise<never> }) {
  return (
    <form action={action} className="space-y-3" data-testid="topup-form">
      <label className="block text-sm font-medium text-zinc-800">
        Amount (PKR)
        <input
          name="amount"
          inputMode="decimal"
          defaultValue="1000"
          required
          className={`mt-1 ${input}`}
        />
      </label>
      <p className="text-xs text-zinc-600">
        From {formatMicros(MIN_TOPUP_MICROS)} (Stripe&apos;s minimum) to{" "}
        {formatMicros(MAX_TOPUP_MICROS)}. You pay on Stripe&apos;s page; your card is saved for
        auto-recharge.
      </p>
      <SubmitButton className={buttonStyles.primary} testId="topup-submit">
        Top up
      </SubmitButton>
    </form>
  );
}
