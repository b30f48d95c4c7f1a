import { type Actor, writeAudit } from "@/lib/audit/record";
import { accountPlan } from "@/lib/plans/store";
import { db, services } from "@/lib/services";

export type CapResult = { ok: true } | { ok: false; field: string; error: string };
/** With the account's Stripe customer, whose subscription bills postpaid usage. */
export type SpendResult =
  | { ok: true; customerId: string | null }
  | { ok: false; field: string; error: string };

/**
 * The account's monthly spend cap (null: none) and postpaid overage. Postpaid is for plan versions
 * that allow overage only (paid plans: it is billed with the subscription). The gateway sees it from the next call: this
 * process's key cache forgets the account; other instances follow through their poller.
 */
export async function setAccountSpend(
  actor: Actor,
  accountId: string,
  input: { capMicros: number | null; postpaid: boolean },
): Promise<SpendResult> {
  const done = await db().$transaction(async (tx) => {
    const before = await tx.account.findUnique({
      where: { id: accountId },
      select: {
        plan: true,
        spendCapMonthlyMicros: true,
        postpaidOverage: true,
        stripeCustomerId: true,
      },
    });
    if (!before) return { ok: false as const, field: "form", error: "No such account." };
    if (input.postpaid && !before.postpaidOverage) {
      const terms = await accountPlan(tx, accountId);
      if (!terms.overageAllowed || !((terms.monthlyPricePaisa ?? 1) > 0)) {
        return {
          ok: false as const,
          field: "postpaid",
          error:
            "Postpaid overage needs a paid plan that allows it: upgrade first, or top up credit.",
        };
      }
    }
    const cap = input.capMicros === null ? null : BigInt(input.capMicros);
    await tx.account.update({
      where: { id: accountId },
      data: { spendCapMonthlyMicros: cap, postpaidOverage: input.postpaid },
    });
    await writeAudit(tx, actor, {
      action: "account.spend_settings",
      accountId,
      target: accountId,
      details: {
        before: {
          capMicros: before.spendCapMonthlyMicros?.toString() ?? null,
          postpaid: before.postpaidOverage,
        },
        after: { capMicros: cap?.toString() ?? null, postpaid: input.postpaid },
      },
    });
    return { ok: true as const, customerId: before.stripeCustomerId };
  });
  if (done.ok) services().control.invalidate({ scope: "account", id: accountId });
  return done;
}

/** One key's monthly spend cap (null: none); a key of another account is "not found". */
export async function setKeySpendCap(
  actor: Actor,
  accountId: string,
  keyId: string,
  capMicros: number | null,
): Promise<CapResult> {
  const key = await db().$transaction(async (tx) => {
    const found = await tx.apiKey.findFirst({
      where: { id: keyId, accountId },
      select: { hash: true, spendCapMonthlyMicros: true },
    });
    if (!found) return null;
    const cap = capMicros === null ? null : BigInt(capMicros);
    await tx.apiKey.update({ where: { id: keyId }, data: { spendCapMonthlyMicros: cap } });
    await writeAudit(tx, actor, {
      action: "key.spend_cap",
      accountId,
      target: keyId,
      details: {
        before: found.spendCapMonthlyMicros?.toString() ?? null,
        after: cap?.toString() ?? null,
      },
    });
    return found;
  });
  if (!key) return { ok: false, field: "keyId", error: "Key not found." };
  services().control.invalidate({ scope: "key", hash: key.hash, id: keyId });
  return { ok: true };
}
