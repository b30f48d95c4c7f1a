import { buttonStyles } from "@/components/ui/button";
import type { AutoRechargeView } from "@/lib/billing/topups/auto-recharge/settings";
import { microsToPkrText } from "@/lib/credit/money";

const input =
  "block w-32 rounded-lg border border-zinc-300 px-3 py-2 text-sm shadow-sm outline-none focus:border-brand-500 focus:ring-2 focus:ring-brand-500/30";

/** When the balance falls under the threshold, the saved card is charged the amount. */
export function AutoRechargeForm({
  action,
  settings,
}: {
  action: (form: FormData) => Promise<never>;
  settings: AutoRechargeView;
}) {
  return (
    <form action={action} className="space-y-3" data-testid="auto-recharge-form">
      <label className="flex items-center gap-2 text-sm text-zinc-800">
        <input
          type="checkbox"
          name="enabled"
          defaultChecked={settings.enabled}
          disabled={!settings.hasCard && !settings.enabled}
        />
        Recharge automatically
        <span className="text-xs text-zinc-500" data-testid="auto-recharge-status">
          {settings.enabled
            ? settings.pending
              ? "(charging…)"
              : "(on)"
            : settings.hasCard
              ? "(off)"
              : "(top up once to save a card)"}
        </span>
      </label>
      <div className="flex flex-wrap gap-4">
        <label className="text-sm font-medium text-zinc-800">
          When the balance is under (PKR)
          <input
            name="threshold"
            inputMode="decimal"
            defaultValue={microsToPkrText(settings.thresholdMicros)}
            className={`mt-1 ${input}`}
          />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          Charge (PKR)
          <input
            name="amount"
            inputMode="decimal"
            defaultValue={microsToPkrText(settings.amountMicros)}
            className={`mt-1 ${input}`}
          />
        </label>
        <label className="text-sm font-medium text-zinc-800">
          Turn off after failures
          <input
            name="maxFailures"
            inputMode="numeric"
            defaultValue={String(settings.maxFailures)}
            className={`mt-1 ${input}`}
          />
        </label>
      </div>
      {settings.enabled && settings.lastError && (
        <p className="text-xs text-red-700">
          Last attempt failed ({settings.failures} of {settings.maxFailures}): {settings.lastError}
        </p>
      )}
      <button type="submit" className={buttonStyles.secondary}>
        Save auto-recharge
      </button>
    </form>
  );
}
