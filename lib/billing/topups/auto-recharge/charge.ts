import Stripe from "stripe";
import { writeAudit } from "@/lib/audit/record";
import { describeError } from "../../webhook/event-log";
import { microsToPaisa } from "../amounts";
import { applyPayment } from "../payment";
import type { RechargeDeps } from "./deps";
import { notifyAutoRechargeOff } from "./mail";

export type RechargeOutcome =
  | { kind: "not_due" }
  | { kind: "charged"; paymentIntentId: string; credited: boolean }
  /** Asked, but Stripe has not said yet (processing, or unreachable): the attempt stays open. */
  | { kind: "pending" }
  | { kind: "failed"; code: string; failures: number; turnedOff: boolean };

interface Claim {
  attempt_seq: number;
  amount_micros: bigint;
  payment_method_id: string;
  customer: string | null;
}

/**
 * Claims the account's attempt in one statement: a new one (the next attempt_seq) when the
 * balance — the ledger's sum — is under the threshold and no attempt is open or cooling down, or
 * the same one again when it has been open too long (the process died mid-call). Concurrent
 * triggers wait on the row and then find it open: only one of them gets a claim.
 */
async function claim(deps: RechargeDeps, accountId: string): Promise<Claim | null> {
  const now = deps.now();
  const stale = new Date(now.getTime() - deps.staleMs);
  const rows = await deps.db.$queryRaw<Claim[]>`
    UPDATE auto_recharge r
       SET attempt_seq = CASE WHEN r.pending_since IS NULL THEN r.attempt_seq + 1 ELSE r.attempt_seq END,
           pending_since = ${now}, updated_at = ${now}
     WHERE r.account_id = ${accountId} AND r.enabled AND r.payment_method_id IS NOT NULL
       AND ((r.pending_since IS NULL
             AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ${now})
             AND (SELECT coalesce(sum(l.amount_micros), 0) FROM ledger_entries l
                   WHERE l.account_id = r.account_id) < r.threshold_micros)
            OR r.pending_since < ${stale})
    RETURNING r.attempt_seq, r.amount_micros, r.payment_method_id,
              (SELECT a.stripe_customer_id FROM accounts a WHERE a.id = r.account_id) AS customer`;
  return rows[0] ?? null;
}

/** The attempt ended without money: count it, cool down, and turn off after max_failures. */
async function recordDecline(
  deps: RechargeDeps,
  accountId: string,
  attempt: Claim,
  code: string,
  message: string,
): Promise<RechargeOutcome> {
  const now = deps.now();
  const next = new Date(now.getTime() + deps.retryDelayMs);
  const reason = `${message} (${code})`;
  const result = await deps.db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ failures: number; enabled: boolean }[]>`
      UPDATE auto_recharge
         SET failures = failures + 1, pending_since = NULL, next_attempt_at = ${next},
             last_error = ${reason}, updated_at = ${now},
             enabled = failures + 1 < max_failures,
             notice = CASE WHEN failures + 1 >= max_failures
                           THEN ${`Auto-recharge was turned off after repeated failures. Last: ${reason}`}
                           ELSE notice END
       WHERE account_id = ${accountId} AND attempt_seq = ${attempt.attempt_seq}
         AND pending_since IS NOT NULL
      RETURNING failures, enabled`;
    const row = rows[0];
    if (!row) return null;
    await writeAudit(
      tx,
      { type: "system", id: "auto-recharge" },
      {
        action: row.enabled ? "billing.auto_recharge_failed" : "billing.auto_recharge_off",
        accountId,
        target: accountId,
        details: { attempt: attempt.attempt_seq, code, failures: row.failures },
      },
    );
    return row;
  });
  // Another caller already recorded this attempt's end.
  if (!result) return { kind: "not_due" };
  if (!result.enabled) {
    await notifyAutoRechargeOff(deps, accountId, {
      failures: result.failures,
      reason: message,
      amountMicros: attempt.amount_micros,
    });
  }
  return { kind: "failed", code, failures: result.failures, turnedOff: !result.enabled };
}

/** An attempt that cannot be asked as it was (its amount changed): closed without counting. */
async function abandon(deps: RechargeDeps, accountId: string, attempt: Claim): Promise<void> {
  await deps.db.$executeRaw`
    UPDATE auto_recharge SET pending_since = NULL, updated_at = ${deps.now()}
     WHERE account_id = ${accountId} AND attempt_seq = ${attempt.attempt_seq}`;
}

/**
 * Charges the saved card off-session when the account is due, once per dip: the idempotency key
 * is the claimed attempt, so a double trigger, a retry or a restart asks Stripe the same question
 * and gets the same PaymentIntent. A success is credited at once through the webhook's own
 * function (the webhook then finds it done); a decline or "authentication required" counts as
 * a failure; an unreachable Stripe leaves the attempt open, to be asked again later.
 */
export async function rechargeIfDue(
  deps: RechargeDeps,
  accountId: string,
): Promise<RechargeOutcome> {
  const attempt = await claim(deps, accountId);
  if (!attempt) return { kind: "not_due" };
  if (!attempt.customer) {
    return recordDecline(deps, accountId, attempt, "no_customer", "No saved card on file.");
  }
  let intent: Stripe.PaymentIntent;
  try {
    intent = await deps.stripe.paymentIntents.create(
      {
        amount: microsToPaisa(attempt.amount_micros),
        currency: "pkr",
        customer: attempt.customer,
        payment_method: attempt.payment_method_id,
        off_session: true,
        confirm: true,
        description: "Darwaza credit auto-recharge",
        metadata: {
          account_id: accountId,
          purpose: "auto_recharge",
          attempt: String(attempt.attempt_seq),
        },
      },
      { idempotencyKey: `darwaza-auto-recharge:${accountId}:${attempt.attempt_seq}` },
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeCardError) {
      return recordDecline(deps, accountId, attempt, error.code ?? "card_error", error.message);
    }
    if (error instanceof Stripe.errors.StripeIdempotencyError) {
      await abandon(deps, accountId, attempt);
      return { kind: "not_due" };
    }
    if (error instanceof Stripe.errors.StripeInvalidRequestError) {
      // The saved card is gone (detached, customer deleted): a failure the customer must fix.
      return recordDecline(
        deps,
        accountId,
        attempt,
        error.code ?? "invalid_request",
        error.message,
      );
    }
    console.error(
      `Auto-recharge: Stripe did not answer for ${accountId}; will ask again.`,
      describeError(error),
    );
    return { kind: "pending" };
  }
  if (intent.status !== "succeeded") return { kind: "pending" };
  const credited = await applyPayment(deps.db, accountId, intent);
  return { kind: "charged", paymentIntentId: intent.id, credited };
}
