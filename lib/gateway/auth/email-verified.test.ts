import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { sendVerificationEmail, verifyEmailToken } from "@/lib/auth/email-verification";
import { createApiKey } from "@/lib/keys/create";
import { smtpMailer } from "@/lib/mail/smtp";
import { startTestSmtpServer, type TestSmtpServer } from "@/lib/mail/test-support/smtp-server";
import { db } from "@/lib/services";
import { stopGateway } from "@/lib/services/gateway";
import { type GatewayTestEnv, setUpGatewayEnv } from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { nodeMount } from "../test-support/mounts";
import type { RunningServer } from "../test-support/servers";

/**
 * With SMTP configured, a new account's keys are refused (403, OpenAI's error shape) until its
 * owner follows the emailed link; the account's verified flag rides in the cached account row.
 */
let testEnv: GatewayTestEnv;
let smtp: TestSmtpServer;
let url: string;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  testEnv = await setUpGatewayEnv({
    SMTP_URL: smtp.url,
    DARWAZA_REQUIRE_EMAIL_VERIFICATION: undefined,
  });
  const mount = await nodeMount();
  url = mount.url;
  closers.push(() => mount.close());
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await stopGateway();
  await smtp.close();
  await testEnv.teardown();
});

function chat(base: string, key: string): Promise<Response> {
  return fetch(`${base}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "demo-chat", messages: [{ role: "user", content: "hi" }] }),
  });
}

let counter = 0;
async function signedUp() {
  counter++;
  const created = await createUserWithAccount({ email: `new${counter}@example.com` });
  if (!created) throw new Error("email taken");
  const key = await createApiKey({ accountId: created.account.id, label: "first" });
  return { user: created.user, key: key.key };
}

describe("verified email before the first key works", () => {
  it("refuses an unverified owner's key with 403 and accepts it right after verification", async () => {
    const { user, key } = await signedUp();
    const refused = await chat(url, key);
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as {
      error: { code: string; message: string; type: string };
    };
    expect(body.error.code).toBe("email_not_verified");
    expect(body.error.message).toMatch(/verify your email/i);

    await sendVerificationEmail(smtpMailer(smtp.url, "no-reply@darwaza.test"), user, "http://x");
    const mail = await smtp.mailTo(user.email);
    const token = /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1] ?? "";
    expect((await verifyEmailToken(token)).ok).toBe(true);
    expect((await chat(url, key)).status).toBe(200);
  });

  it("another instance sees the verification through its poller within a second", async () => {
    const other = testGateway({ requireVerifiedEmail: true });
    const server: RunningServer = await serveGateway(other);
    closers.push(async () => {
      await server.close();
      await other.stop();
    });
    const { user, key } = await signedUp();
    expect((await chat(server.url, key)).status).toBe(403);
    // As another instance would: the database only (verifyEmailToken touches accounts.updated_at).
    await db().$executeRaw`UPDATE users SET email_verified_at = now() WHERE id = ${user.id}`;
    await db()
      .$executeRaw`UPDATE accounts SET updated_at = now() WHERE id IN (SELECT account_id FROM memberships WHERE user_id = ${user.id})`;
    const started = Date.now();
    while ((await chat(server.url, key)).status !== 200) {
      expect(Date.now() - started).toBeLessThan(1500);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });

  it("does not apply when the setting is off", async () => {
    const off = testGateway({ requireVerifiedEmail: false });
    const server = await serveGateway(off);
    closers.push(async () => {
      await server.close();
      await off.stop();
    });
    const { key } = await signedUp();
    expect((await chat(server.url, key)).status).toBe(200);
  });
});
