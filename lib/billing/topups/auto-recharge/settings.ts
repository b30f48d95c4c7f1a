import { type Actor, writeAudit } from "@/lib/audit/record";
import { db } from "@/lib/services";
import type { AutoRechargeInput } from "../schemas";

export interface AutoRechargeView {
  enabled: boolean;
  thresholdMicros: bigint;
  amountMicros: bigint;
  maxFailures: number;
  failures: number;
  /** A top-up saved a card that can be charged off-session. */
  hasCard: boolean;
  pending: boolean;
  lastError: string | null;
  /** Why it was turned off, for the portal. */
  notice: string | null;
}

const DEFAULTS = {
  enabled: false,
  thresholdMicros: 500_000_000n,
  amountMicros: 1_000_000_000n,
  maxFailures: 3,
  failures: 0,
};

/** The account's auto-recharge settings (defaults when it never had any); only that account's. */
export async function autoRechargeOf(accountId: string): Promise<AutoRechargeView> {
  const row = await db().autoRecharge.findUnique({ where: { accountId } });
  if (!row) {
    return { ...DEFAULTS, hasCard: false, pending: false, lastError: null, notice: null };
  }
  return {
    enabled: row.enabled,
    thresholdMicros: row.thresholdMicros,
    amountMicros: row.amountMicros,
    maxFailures: row.maxFailures,
    failures: row.failures,
    hasCard: row.paymentMethodId !== null,
    pending: row.pendingSince !== null,
    lastError: row.lastError,
    notice: row.notice,
  };
}

export type SaveResult = { ok: true } | { ok: false; error: string };

/**
 * Saves the settings (audited in the same transaction). Turning it on needs a card saved by a
 * top-up, and starts afresh: the failure count and the notice are cleared.
 */
export async function saveAutoRecharge(
  actor: Actor,
  accountId: string,
  input: AutoRechargeInput,
): Promise<SaveResult> {
  return db().$transaction(async (tx) => {
    const before = await tx.autoRecharge.findUnique({ where: { accountId } });
    if (input.enabled && !before?.paymentMethodId) {
      return {
        ok: false,
        error: "Top up once first: auto-recharge charges the card you pay with.",
      };
    }
    const settings = {
      enabled: input.enabled,
      thresholdMicros: BigInt(input.threshold),
      amountMicros: BigInt(input.amount),
      maxFailures: input.maxFailures,
    };
    const restart = input.enabled
      ? { failures: 0, notice: null, nextAttemptAt: null, lastError: null }
      : {};
    await tx.autoRecharge.upsert({
      where: { accountId },
      create: { accountId, ...settings },
      update: { ...settings, ...restart },
    });
    await writeAudit(tx, actor, {
      action: "billing.auto_recharge_settings",
      accountId,
      target: accountId,
      details: {
        enabled: input.enabled,
        thresholdMicros: String(input.threshold),
        amountMicros: String(input.amount),
        maxFailures: input.maxFailures,
      },
    });
    return { ok: true };
  });
}
