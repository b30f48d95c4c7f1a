import { type RechargeOutcome, rechargeIfDue } from "./charge";
import type { RechargeDeps } from "./deps";

/** Accounts with auto-recharge on whose balance (the ledger's sum) is under their threshold. */
async function dueAccounts(deps: RechargeDeps, limit: number): Promise<string[]> {
  const now = deps.now();
  const stale = new Date(now.getTime() - deps.staleMs);
  const rows = await deps.db.$queryRaw<{ account_id: string }[]>`
    SELECT r.account_id FROM auto_recharge r
     WHERE r.enabled AND r.payment_method_id IS NOT NULL
       AND ((r.pending_since IS NULL
             AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ${now})
             AND (SELECT coalesce(sum(l.amount_micros), 0) FROM ledger_entries l
                   WHERE l.account_id = r.account_id) < r.threshold_micros)
            OR r.pending_since < ${stale})
     ORDER BY r.updated_at
     LIMIT ${limit}`;
  return rows.map((row) => row.account_id);
}

/**
 * One round of the auto-recharge job (lib/billing/runtime.ts runs it every few seconds): each
 * due account is claimed and charged on its own, so one slow or failing account holds up none
 * of the others beyond its own call.
 */
export async function runAutoRecharge(
  deps: RechargeDeps,
  limit = 100,
): Promise<Map<string, RechargeOutcome>> {
  const outcomes = new Map<string, RechargeOutcome>();
  for (const accountId of await dueAccounts(deps, limit)) {
    try {
      outcomes.set(accountId, await rechargeIfDue(deps, accountId));
    } catch (error) {
      console.error(`Auto-recharge of ${accountId} failed; will try again.`, error);
    }
  }
  return outcomes;
}
