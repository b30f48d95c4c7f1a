import type Stripe from "stripe";
import { writeAudit } from "@/lib/audit/record";
import { verifyPassword } from "@/lib/auth/password";
import { lockAccount } from "@/lib/billing/account-lock";
import { type BillingDeps, syncAccount } from "@/lib/billing/sync";
import { db, services } from "@/lib/services";

export type DeleteAccountResult =
  | { ok: true; accountId: string; revokedKeys: number; cancelledSubscriptions: string[] }
  | { ok: false; error: "not_owner" | "wrong_password" | "no_user" };

/** What a deleted user's row keeps: an address no one can receive mail at or sign in with. */
export function deletedEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/** Cancels, now, every subscription Stripe (or the emulator) still runs for the customer. */
async function cancelSubscriptions(
  stripe: Stripe,
  customerId: string | null,
): Promise<Stripe.Subscription[]> {
  if (!customerId) return [];
  const open = await stripe.subscriptions.list({ customer: customerId, limit: 100 });
  return Promise.all(
    open.data.map((sub) =>
      stripe.subscriptions.cancel(sub.id, {}, { idempotencyKey: `darwaza-close:${sub.id}` }),
    ),
  );
}

/**
 * Deletes the user's account, for its owner only. In order: Stripe first (cancelled subscriptions;
 * if Stripe fails nothing is changed and the owner can try again), then one transaction that
 * mirrors the cancellation, revokes every key, closes the account, ends every member's sessions
 * and removes the owner's personal data (email, name, password, OAuth logins, open links).
 * Usage events, rollups, the credit ledger and invoices stay: accounting needs them. The gateway
 * forgets the keys before this returns, so they are refused on the next call.
 */
export async function deleteAccount(
  deps: BillingDeps,
  input: { userId: string; accountId: string; password: string },
): Promise<DeleteAccountResult> {
  const membership = await db().membership.findUnique({
    where: { userId_accountId: { userId: input.userId, accountId: input.accountId } },
    select: {
      role: true,
      user: { select: { passwordHash: true, deletedAt: true } },
      account: { select: { stripeCustomerId: true } },
    },
  });
  if (!membership || membership.user.deletedAt) return { ok: false, error: "no_user" };
  if (membership.role !== "owner") return { ok: false, error: "not_owner" };
  const { passwordHash } = membership.user;
  if (passwordHash && !(await verifyPassword(passwordHash, input.password))) {
    return { ok: false, error: "wrong_password" };
  }

  const cancelled = await cancelSubscriptions(deps.stripe, membership.account.stripeCustomerId);

  const now = deps.now();
  const result = await db().$transaction(
    async (tx) => {
      const account = await lockAccount(tx, input.accountId);
      if (!account) return null;
      // The mirror and the plan follow Stripe's answer now, not when its webhook arrives.
      await syncAccount(
        tx,
        deps,
        account,
        { subscriptions: cancelled, invoices: [] },
        { kind: "account_closed" },
      );
      const keys = await tx.apiKey.findMany({
        where: { accountId: input.accountId, revokedAt: null },
        select: { id: true, hash: true },
      });
      await tx.apiKey.updateMany({
        where: { id: { in: keys.map((k) => k.id) } },
        data: { revokedAt: now },
      });
      await tx.account.update({
        where: { id: input.accountId },
        data: { name: "Deleted account", closedAt: now, postpaidOverage: false },
      });
      await tx.autoRecharge.deleteMany({ where: { accountId: input.accountId } });
      // A closed account sends nothing more; its endpoints stay for the delivery log.
      await tx.webhookEndpoint.updateMany({
        where: { accountId: input.accountId, removedAt: null },
        data: { removedAt: now },
      });
      // Every member of the closed account is signed out and loses it; other accounts keep theirs.
      await tx.user.updateMany({
        where: { memberships: { some: { accountId: input.accountId } } },
        data: { sessionVersion: { increment: 1 } },
      });
      await tx.membership.deleteMany({
        where: { accountId: input.accountId, userId: { not: input.userId } },
      });
      await tx.membership.deleteMany({
        where: { userId: input.userId, accountId: { not: input.accountId } },
      });
      await tx.oAuthIdentity.deleteMany({ where: { userId: input.userId } });
      await tx.emailToken.deleteMany({ where: { userId: input.userId } });
      await tx.user.update({
        where: { id: input.userId },
        data: {
          email: deletedEmail(input.userId),
          name: null,
          passwordHash: null,
          emailVerifiedAt: null,
          role: "customer",
          deletedAt: now,
          sessionVersion: { increment: 1 },
        },
      });
      // Earlier audit rows keep the user's id, not their address.
      await tx.auditLog.updateMany({
        where: { actorId: input.userId },
        data: { actorEmail: deletedEmail(input.userId) },
      });
      await writeAudit(
        tx,
        { type: "user", id: input.userId, email: null },
        {
          action: "account.delete",
          accountId: input.accountId,
          target: input.accountId,
          details: {
            revokedKeys: keys.length,
            cancelledSubscriptions: cancelled.map((sub) => sub.id),
          },
        },
      );
      return keys;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  if (!result) return { ok: false, error: "no_user" };
  const { control } = services();
  for (const key of result) control.invalidate({ scope: "key", hash: key.hash });
  control.invalidate({ scope: "account", id: input.accountId });
  return {
    ok: true,
    accountId: input.accountId,
    revokedKeys: result.length,
    cancelledSubscriptions: cancelled.map((sub) => sub.id),
  };
}
