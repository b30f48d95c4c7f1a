import { type Actor, writeAudit } from "@/lib/audit/record";
import { endAccountSessions } from "@/lib/auth/session-version";
import { db, services } from "@/lib/services";
import type { EnterpriseTerms } from "./schemas";

const TERMS = {
  plan: true,
  status: true,
  limitRpm: true,
  limitRpd: true,
  limitTpd: true,
  limitMaxTokens: true,
  customPricePaisa: true,
} as const;

/**
 * Put an account on Enterprise with the limits agreed (null = unlimited) and its monthly price.
 * The change and its audit row (before and after) commit together; then this process's gateway
 * cache forgets the account, so its next call is held to the new limits (other instances follow
 * through their accounts.updated_at poller). Returns false when there is no such account.
 */
export async function setEnterpriseTerms(actor: Actor, terms: EnterpriseTerms): Promise<boolean> {
  const { accountId, pricePkr, ...limits } = terms;
  const customPricePaisa = pricePkr === null ? null : Math.round(pricePkr * 100);
  const done = await db().$transaction(async (tx) => {
    const before = await tx.account.findUnique({ where: { id: accountId }, select: TERMS });
    if (!before) return false;
    const after = await tx.account.update({
      where: { id: accountId },
      data: { plan: "enterprise", ...limits, customPricePaisa },
      select: TERMS,
    });
    await writeAudit(tx, actor, {
      action: "account.enterprise",
      accountId,
      target: accountId,
      details: { before, after },
    });
    return true;
  });
  if (done) services().control.invalidate({ scope: "account", id: accountId });
  return done;
}

/**
 * Suspend or reinstate an account. A suspended account's keys are refused with 403 from the next
 * call on (the cache is invalidated after the commit) and its members' sessions end with it. Setting the status it already has changes
 * and records nothing. Returns false when there is no such account.
 */
export async function setAccountStatus(
  actor: Actor,
  accountId: string,
  status: "active" | "suspended",
): Promise<boolean> {
  const found = await db().$transaction(async (tx) => {
    const account = await tx.account.findUnique({
      where: { id: accountId },
      select: { status: true },
    });
    if (!account) return false;
    if (account.status === status) return true;
    await tx.account.update({ where: { id: accountId }, data: { status } });
    if (status === "suspended") await endAccountSessions(tx, accountId);
    await writeAudit(tx, actor, {
      action: status === "suspended" ? "account.suspend" : "account.reinstate",
      accountId,
      target: accountId,
      details: { from: account.status, to: status },
    });
    return true;
  });
  if (found) services().control.invalidate({ scope: "account", id: accountId });
  return found;
}
