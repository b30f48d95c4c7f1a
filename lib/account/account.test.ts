import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeCredentials } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { billingDeps } from "@/lib/billing/deps";
import {
  type BillingFixture,
  startBillingFixture,
} from "@/lib/billing/test-support/billing-fixture";
import { subscribe } from "@/lib/billing/test-support/subscribe";
import { createApiKey } from "@/lib/keys/create";
import { outboxMailer, recentOutbox } from "@/lib/mail/outbox";
import { db } from "@/lib/services";
import { confirmEmailChange, EMAIL_CHANGE_THROTTLE, requestEmailChange } from "./change-email";
import { deleteAccount } from "./delete-account";
import { exportAccountData } from "./export";

const PASSWORD = "the-account-password";
const mailer = outboxMailer(() => {});
let counter = 0;

/** A customer with a password, owner of an account that has a Stripe customer in the emulator. */
async function customer(fixture: BillingFixture) {
  counter++;
  const email = `account${counter}@example.com`;
  const { accountId } = await fixture.createAccount(email);
  const member = await db().membership.findFirstOrThrow({ where: { accountId } });
  await db().user.update({
    where: { id: member.userId },
    data: { passwordHash: await hashPassword(PASSWORD), name: "Ayesha Khan" },
  });
  return { email, accountId, userId: member.userId };
}

async function mailTo(to: string, subject: string) {
  const mail = (await recentOutbox(100)).find((m) => m.to === to && m.subject === subject);
  if (!mail) throw new Error(`no mail "${subject}" to ${to}`);
  return mail;
}

function tokenIn(text: string): string {
  const match = /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no link in ${text}`);
  return match[1];
}

describe("account: change email, export, delete (Postgres + the Stripe emulator)", () => {
  let fixture: BillingFixture;
  beforeAll(async () => {
    fixture = await startBillingFixture();
  }, 60_000);
  afterAll(async () => {
    await fixture?.close();
  });

  it("changes the email only through the link sent to the new address, once; the old one is told", async () => {
    const { email, userId } = await customer(fixture);
    const next = `new${counter}@example.com`;
    const request = { userId, password: PASSWORD, newEmail: next, origin: "http://app.test" };
    expect(await requestEmailChange(mailer, { ...request, password: "wrong-password" })).toEqual({
      ok: false,
      error: "wrong_password",
    });
    expect(await requestEmailChange(mailer, { ...request, newEmail: email.toUpperCase() })).toEqual(
      {
        ok: false,
        error: "same_email",
      },
    );
    expect(await requestEmailChange(mailer, { ...request, newEmail: next.toUpperCase() })).toEqual({
      ok: true,
    });
    expect((await db().user.findUniqueOrThrow({ where: { id: userId } })).email).toBe(email);
    const token = tokenIn((await mailTo(next, "Confirm your new email for Darwaza")).text);
    const stored = await db().emailToken.findMany({ where: { userId, purpose: "change_email" } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const results = await Promise.all(
      Array.from({ length: 10 }, () => confirmEmailChange(mailer, token)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(next);
    expect(user.emailVerifiedAt).not.toBeNull();
    expect((await mailTo(email, "Your Darwaza email was changed")).text).toContain(next);
  });

  it("an address someone else has gets no mail and the same answer; an expired link changes nothing", async () => {
    const first = await customer(fixture);
    const second = await customer(fixture);
    const before = (await recentOutbox(500)).length;
    expect(
      await requestEmailChange(mailer, {
        userId: second.userId,
        password: PASSWORD,
        newEmail: first.email,
        origin: "http://app.test",
      }),
    ).toEqual({ ok: true });
    expect((await recentOutbox(500)).length).toBe(before);

    const next = `late${counter}@example.com`;
    await requestEmailChange(mailer, {
      userId: second.userId,
      password: PASSWORD,
      newEmail: next,
      origin: "http://app.test",
    });
    const token = tokenIn((await mailTo(next, "Confirm your new email for Darwaza")).text);
    await db().emailToken.updateMany({
      where: { userId: second.userId, purpose: "change_email" },
      data: { expiresAt: new Date(Date.now() - 1_000) },
    });
    expect(await confirmEmailChange(mailer, token)).toEqual({ ok: false });
    expect((await db().user.findUniqueOrThrow({ where: { id: second.userId } })).email).toBe(
      second.email,
    );
  });

  it("at most 5 change requests an hour per user, even when sent at once", async () => {
    const { userId } = await customer(fixture);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        requestEmailChange(mailer, {
          userId,
          password: PASSWORD,
          newEmail: `burst${counter}-${i}@example.com`,
          origin: "http://app.test",
        }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(EMAIL_CHANGE_THROTTLE.perUser);
    expect(results.filter((r) => !r.ok && r.error === "throttled")).toHaveLength(3);
    expect(await db().emailToken.count({ where: { userId, purpose: "change_email" } })).toBe(5);
  });

  it("exports the account's data: every section, keys without hashes, nothing of other accounts", async () => {
    const { email, accountId, userId } = await customer(fixture);
    const other = await customer(fixture);
    const key = await createApiKey({ accountId, label: "export me" });
    await createApiKey({ accountId: other.accountId, label: "not mine" });
    await db().ledgerEntry.create({
      data: {
        accountId,
        kind: "grant",
        amountMicros: 5_000_000n,
        idempotencyKey: `grant:${accountId}`,
        actorType: "system",
      },
    });
    const data = await exportAccountData(userId, accountId);
    expect(data).toMatchObject({
      profile: { id: userId, email, name: "Ayesha Khan", accountRole: "owner" },
      account: { id: accountId },
      keys: [{ id: key.id, label: "export me" }],
      ledger: { entries: [{ kind: "grant", amountMicros: "5000000" }], usageDebitsByMonth: [] },
      subscriptions: [],
      invoices: [],
    });
    const text = JSON.stringify(data);
    const { hash } = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(text).not.toContain(hash);
    expect(text).not.toContain("passwordHash");
    expect(text).not.toContain("not mine");
  });

  it("only an owner, with the right password, deletes; then keys are revoked, Stripe cancelled, personal data gone, accounting kept", async () => {
    const { email, accountId, userId } = await customer(fixture);
    const { subscriptionId } = await subscribe(fixture, accountId, email, "starter");
    const key = await createApiKey({ accountId, label: "doomed" });
    await db().oAuthIdentity.create({
      data: { provider: "github", providerAccountId: `gh-${counter}`, userId },
    });
    await db().usageEvent.create({
      data: { id: `req_${counter}`, accountId, keyId: key.id, endpoint: "chat", status: 200 },
    });
    await db().ledgerEntry.create({
      data: {
        accountId,
        kind: "topup",
        amountMicros: 140_000_000n,
        idempotencyKey: `topup:${accountId}`,
        actorType: "stripe",
      },
    });
    await db().invoice.create({
      data: {
        id: `in_${counter}`,
        accountId,
        status: "paid",
        amountDue: 500_000,
        amountPaid: 500_000,
        periodStart: new Date(),
        periodEnd: new Date(),
      },
    });
    const input = { userId, accountId, password: PASSWORD };

    expect(await deleteAccount(billingDeps(), { ...input, password: "nope" })).toEqual({
      ok: false,
      error: "wrong_password",
    });
    await db().membership.update({
      where: { userId_accountId: { userId, accountId } },
      data: { role: "developer" },
    });
    expect(await deleteAccount(billingDeps(), input)).toEqual({ ok: false, error: "not_owner" });
    expect((await fixture.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("active");
    await db().membership.update({
      where: { userId_accountId: { userId, accountId } },
      data: { role: "owner" },
    });

    const result = await deleteAccount(billingDeps(), input);
    expect(result).toEqual({
      ok: true,
      accountId,
      revokedKeys: 1,
      cancelledSubscriptions: [subscriptionId],
    });
    expect((await fixture.stripe.subscriptions.retrieve(subscriptionId)).status).toBe("canceled");
    const mirrored = await db().subscription.findUniqueOrThrow({ where: { id: subscriptionId } });
    expect(mirrored.status).toBe("canceled");
    expect(
      (await db().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt,
    ).not.toBeNull();

    const user = await db().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user).toMatchObject({ name: null, passwordHash: null, emailVerifiedAt: null });
    expect(user.email).not.toContain(email.split("@")[0] ?? "?");
    expect(user.deletedAt).not.toBeNull();
    expect(await db().oAuthIdentity.count({ where: { userId } })).toBe(0);
    const account = await db().account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.closedAt).not.toBeNull();
    expect(account.plan).toBe("free");

    expect(await db().usageEvent.count({ where: { accountId } })).toBe(1);
    expect(await db().ledgerEntry.count({ where: { accountId } })).toBe(1);
    expect(await db().invoice.count({ where: { accountId } })).toBe(1);
    const audit = await db().auditLog.findFirstOrThrow({ where: { action: "account.delete" } });
    expect(audit).toMatchObject({ accountId, actorId: userId });
    expect(JSON.stringify(audit)).not.toContain(email);

    const ip = `203.0.113.${counter}`;
    expect(await authorizeCredentials({ email, password: PASSWORD }, ip)).toBeNull();
    expect(await deleteAccount(billingDeps(), input)).toEqual({ ok: false, error: "no_user" });
  });
});
