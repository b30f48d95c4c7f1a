import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { outboxMailer, recentOutbox } from "@/lib/mail/outbox";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { tokenHash } from "./email-token";
import { hashPassword, verifyPassword } from "./password";
import {
  RESET_PURPOSE,
  RESET_TTL_MS,
  resetPassword,
  resetTokenUsable,
  sendPasswordReset,
} from "./password-reset";
import { RESET_THROTTLE, takeResetSlot } from "./reset-throttle";

let counter = 0;
const mailer = outboxMailer(() => {});

async function newUser() {
  counter++;
  const created = await createUserWithAccount({
    email: `reset${counter}@example.com`,
    passwordHash: await hashPassword("the-old-password"),
  });
  if (!created) throw new Error("email taken");
  return created.user;
}

/** The token of the newest reset mail to `email`, read from the test-mode outbox. */
async function mailedToken(email: string): Promise<string> {
  const mail = (await recentOutbox(20)).find((m) => m.to === email);
  const match = /\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(mail?.text ?? "");
  if (!match?.[1]) throw new Error(`no reset link to ${email}`);
  return match[1];
}

describe("password reset links against Postgres", () => {
  let testServices: TestServices;
  beforeAll(async () => {
    testServices = await setUpTestServices();
  });
  afterAll(async () => {
    await testServices?.teardown();
  });

  it("mails a link whose token is stored only as its SHA-256, and it works once", async () => {
    const user = await newUser();
    expect(await sendPasswordReset(mailer, user.email.toUpperCase(), "http://app.test")).toBe(true);
    const token = await mailedToken(user.email);
    const rows = await db().emailToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: RESET_PURPOSE, tokenHash: tokenHash(token) });
    expect(JSON.stringify(rows)).not.toContain(token);
    const ttl = (rows[0]?.expiresAt.getTime() ?? 0) - (rows[0]?.createdAt.getTime() ?? 0);
    expect(Math.abs(ttl - RESET_TTL_MS)).toBeLessThan(5_000);

    expect(await resetTokenUsable(token)).toBe(true);
    expect(await resetPassword(token, "the-new-password")).toEqual({ ok: true, userId: user.id });
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash ?? "", "the-new-password")).toBe(true);
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);

    expect(await resetTokenUsable(token)).toBe(false);
    expect(await resetPassword(token, "a-third-password")).toEqual({ ok: false });
    const still = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(still.passwordHash ?? "", "the-new-password")).toBe(true);
  });

  it("refuses an expired link, a made-up one and garbage", async () => {
    const user = await newUser();
    await sendPasswordReset(
      mailer,
      user.email,
      "http://app.test",
      new Date(Date.now() - RESET_TTL_MS - 1_000),
    );
    const expired = await mailedToken(user.email);
    expect(await resetTokenUsable(expired)).toBe(false);
    expect(await resetPassword(expired, "the-new-password")).toEqual({ ok: false });
    expect(await resetPassword("A".repeat(43), "the-new-password")).toEqual({ ok: false });
    expect(await resetPassword("'; DROP TABLE users; --", "x-new-password")).toEqual({ ok: false });
    const same = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(same.passwordHash ?? "", "the-old-password")).toBe(true);
  });

  it("one link used by 20 requests at once resets exactly once", async () => {
    const user = await newUser();
    await sendPasswordReset(mailer, user.email, "http://app.test");
    const token = await mailedToken(user.email);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => resetPassword(token, `racing-password-${i}`)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const after = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.sessionVersion).toBe(user.sessionVersion + 1);
  });

  it("using one link ends the user's other open reset links", async () => {
    const user = await newUser();
    await sendPasswordReset(mailer, user.email, "http://app.test");
    const first = await mailedToken(user.email);
    await db().outboxMail.deleteMany({ where: { to: user.email } });
    await sendPasswordReset(mailer, user.email, "http://app.test");
    const second = await mailedToken(user.email);
    expect(second).not.toBe(first);
    expect((await resetPassword(second, "the-new-password")).ok).toBe(true);
    expect(await resetPassword(first, "another-password")).toEqual({ ok: false });
  });

  it("a link sent before the address changed resets nothing", async () => {
    const user = await newUser();
    await sendPasswordReset(mailer, user.email, "http://app.test");
    const token = await mailedToken(user.email);
    await db().user.update({
      where: { id: user.id },
      data: { email: `moved${counter}@example.com` },
    });
    expect(await resetPassword(token, "the-new-password")).toEqual({ ok: false });
  });

  it("an unknown or deleted address gets no mail", async () => {
    const before = (await recentOutbox(500)).length;
    expect(await sendPasswordReset(mailer, "nobody@example.com", "http://app.test")).toBe(false);
    const user = await newUser();
    await db().user.update({ where: { id: user.id }, data: { deletedAt: new Date() } });
    expect(await sendPasswordReset(mailer, user.email, "http://app.test")).toBe(false);
    expect((await recentOutbox(500)).length).toBe(before);
  });

  it("throttles per address and per client, atomically, whether or not the address exists", async () => {
    // Fresh names each run: the counters may live in a Redis shared with other runs.
    const run = randomUUID().slice(0, 8);
    const client = `2001:db8:${run.slice(0, 4)}:${run.slice(4)}::1`;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => takeResetSlot(`Someone-${run}@Example.com`, client)),
    );
    // The client's 5 an hour are taken first by no more than the address's 3.
    expect(results.filter((wait) => wait === 0)).toHaveLength(RESET_THROTTLE.perEmail);
    expect(results.filter((wait) => wait > 0).every((wait) => wait <= 3600)).toBe(true);
    // The same address from elsewhere: still refused (no mail-bombing through many addresses).
    expect(await takeResetSlot(`someone-${run}@example.com`, "198.51.100.1")).toBeGreaterThan(0);
    // Other addresses from the first client: 2 more, then its own limit.
    const others = [];
    for (let i = 0; i < 4; i++)
      others.push(await takeResetSlot(`other${i}-${run}@example.com`, client));
    expect(others.filter((wait) => wait === 0)).toHaveLength(
      RESET_THROTTLE.perClient - RESET_THROTTLE.perEmail,
    );
  });
});
