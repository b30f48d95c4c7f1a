import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import {
  issueVerificationToken,
  sendVerificationEmail,
  VERIFY_TTL_MS,
  verifyEmailToken,
} from "@/lib/auth/email-verification";
import { parseEnv } from "@/lib/config/env";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { createMailer } from "./create";
import { outboxMailer, recentOutbox } from "./outbox";
import { mailSettings } from "./settings";
import { smtpMailer } from "./smtp";
import { startTestSmtpServer, type TestSmtpServer } from "./test-support/smtp-server";

let counter = 0;

async function newUser() {
  counter++;
  const created = await createUserWithAccount({ email: `user${counter}@example.com` });
  if (!created) throw new Error("email taken");
  return created.user;
}

function tokenOf(text: string): string {
  const match = /\/verify-email\?token=([A-Za-z0-9_-]+)/.exec(text);
  if (!match?.[1]) throw new Error(`no verification link in: ${text}`);
  return match[1];
}

describe("verification mail and links against Postgres and a real SMTP server", () => {
  let testServices: TestServices;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    testServices = await setUpTestServices();
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
    await testServices?.teardown();
  });

  it("sends the link over SMTP; it verifies once, and only its hash is stored", async () => {
    const user = await newUser();
    const mailer = smtpMailer(smtp.url, "Darwaza <no-reply@darwaza.test>");
    await sendVerificationEmail(mailer, user, "http://localhost:3000");
    const mail = await smtp.mailTo(user.email);
    expect(mail.subject).toBe("Confirm your email for Darwaza");
    expect(mail.from).toBe("no-reply@darwaza.test");
    const token = tokenOf(mail.text);
    expect(mail.text).toContain(`http://localhost:3000/verify-email?token=${token}`);

    const rows = await db().emailToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(await verifyEmailToken(token)).toEqual({ ok: true, userId: user.id });
    const verified = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(verified.emailVerifiedAt).not.toBeNull();
    expect(await verifyEmailToken(token)).toEqual({ ok: false });
  });

  it("refuses an expired link, a made-up one and garbage", async () => {
    const user = await newUser();
    const expired = await issueVerificationToken(user, new Date(Date.now() - VERIFY_TTL_MS - 1000));
    expect(await verifyEmailToken(expired)).toEqual({ ok: false });
    expect(await verifyEmailToken("A".repeat(43))).toEqual({ ok: false });
    expect(await verifyEmailToken("'; DROP TABLE users; --")).toEqual({ ok: false });
    const still = await db().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(still.emailVerifiedAt).toBeNull();
  });

  it("a link used by 50 requests at once verifies exactly once", async () => {
    const user = await newUser();
    const token = await issueVerificationToken(user);
    const results = await Promise.all(Array.from({ length: 50 }, () => verifyEmailToken(token)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("a link sent to an address the user no longer has verifies nothing", async () => {
    const user = await newUser();
    const token = await issueVerificationToken(user);
    await db().user.update({
      where: { id: user.id },
      data: { email: `moved${counter}@example.com` },
    });
    expect(await verifyEmailToken(token)).toEqual({ ok: false });
  });

  it("test mode keeps the mail in the outbox and prints its link to the log", async () => {
    const user = await newUser();
    const lines: string[] = [];
    await sendVerificationEmail(
      outboxMailer((line) => lines.push(line)),
      user,
      "http://h:1",
    );
    const [newest] = await recentOutbox(1);
    expect(newest).toMatchObject({ to: user.email, subject: "Confirm your email for Darwaza" });
    const token = tokenOf(newest?.text ?? "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`test-mode mail to ${user.email}`);
    expect(lines[0]).toContain(`http://h:1/verify-email?token=${token}`);
    expect(smtp.received.some((mail) => mail.to.includes(user.email))).toBe(false);
  });

  it("chooses SMTP when SMTP_URL is set, else the outbox; verification is required with SMTP by default", () => {
    const withSmtp = mailSettings(parseEnv({ SMTP_URL: smtp.url }));
    expect(withSmtp).toMatchObject({ mode: "smtp", requireVerification: true });
    expect(createMailer(withSmtp, () => {}).mode).toBe("smtp");
    const off = mailSettings(
      parseEnv({ SMTP_URL: smtp.url, DARWAZA_REQUIRE_EMAIL_VERIFICATION: "false" }),
    );
    expect(off.requireVerification).toBe(false);
    const none = mailSettings(parseEnv({}));
    expect(none).toMatchObject({ mode: "outbox", requireVerification: false });
    expect(createMailer(none, () => {}).mode).toBe("outbox");
    expect(() => parseEnv({ SMTP_URL: "http://mail.example" })).toThrow(/SMTP_URL/);
  });
});
