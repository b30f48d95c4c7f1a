import type { IncomingMessage } from "node:http";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarMonth } from "@/lib/gateway/credit/sync";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "@/lib/gateway/test-support/database";
import { type RunningServer, startServer } from "@/lib/gateway/test-support/servers";
import { outboxMailer } from "@/lib/mail/outbox";
import { db } from "@/lib/services";
import { retryDelayMs } from "./backoff";
import { resendDelivery } from "./deliveries";
import { emitAccountEvent } from "./emit";
import { addEndpoint, MAX_ENDPOINTS } from "./endpoints";
import { decryptSecret } from "./secret";
import { sendWebhook } from "./send";
import { checkSpendAlerts, setLowCreditThreshold } from "./spend-alerts";
import { checkWebhookUrl, webhookAgent } from "./url-guard";
import { runAlertMail, runDeliveries, type WorkerDeps } from "./worker";

/**
 * The webhook outbox end to end against real PostgreSQL and a real HTTP receiver: signed in the
 * Standard Webhooks format (checked with the library's own verify), a failed attempt retried,
 * resend, alert mail to the owners, claims that never overlap, and the address guard.
 */
interface Received {
  headers: Record<string, string>;
  body: string;
}

let testEnv: GatewayTestEnv;
let receiver: RunningServer;
const received: Received[] = [];
let failNext = 0;

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => resolve(text));
  });
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv({ DARWAZA_WEBHOOK_ALLOW_HOSTS: "127.0.0.1" });
  receiver = await startServer(async (req, res) => {
    const text = await body(req);
    received.push({ headers: req.headers as Record<string, string>, body: text });
    if (failNext > 0) {
      failNext--;
      res.writeHead(500).end("not now");
      return;
    }
    res.writeHead(204).end();
  });
});

afterAll(async () => {
  await receiver.close();
  await testEnv.teardown();
});

function deps(): WorkerDeps {
  const allowHosts = ["127.0.0.1"];
  return {
    db: db(),
    mailer: outboxMailer(() => {}),
    agent: webhookAgent(allowHosts),
    allowHosts,
    retryBaseMs: 50,
    baseUrl: "http://localhost:3000",
  };
}

async function accountWithOwner() {
  const account = await createAccountWithKey("free");
  const email = `owner-${account.accountId}@example.com`;
  const user = await db().user.create({ data: { email } });
  await db().membership.create({
    data: { userId: user.id, accountId: account.accountId, role: "owner" },
  });
  return { ...account, email };
}

describe("webhook delivery", () => {
  it("stores the secret encrypted, signs verifiably, retries a 500 and resends", async () => {
    const account = await accountWithOwner();
    const added = await addEndpoint(account.accountId, {
      url: `${receiver.url}/hook`,
      events: ["api_key.revoked", "usage.threshold_reached"],
    });
    if (!added.ok) throw new Error(added.error);
    expect(added.secret).toMatch(/^whsec_/);
    const stored = await db().webhookEndpoint.findUniqueOrThrow({
      where: { id: added.endpoint.id },
    });
    expect(stored.secretEncrypted).not.toContain(added.secret.slice(6));
    expect(decryptSecret(stored.secretEncrypted)).toBe(added.secret);

    received.length = 0;
    failNext = 1;
    const eventId = await emitAccountEvent(account.accountId, "api_key.revoked", {
      key_id: account.keyId,
      label: "ci",
    });
    const worker = deps();
    // Two workers at once (two instances): the first attempt is claimed and sent once.
    const sent = await Promise.all([runDeliveries(worker), runDeliveries(worker)]);
    expect(sent).toEqual([0, 0]);
    expect(received).toHaveLength(1);
    let delivery = await db().webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatus: 500 });

    await new Promise((resolve) => setTimeout(resolve, retryDelayMs(1, 50) + 20));
    expect(await runDeliveries(worker)).toBe(1);
    delivery = await db().webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2, lastStatus: 204 });
    expect(received).toHaveLength(2);
    const last = received[1];
    expect(last.headers["webhook-id"]).toBe(eventId);
    const verified = new Webhook(added.secret).verify(last.body, last.headers) as {
      type: string;
      data: { key_id: string };
    };
    expect(verified.type).toBe("api_key.revoked");
    expect(verified.data.key_id).toBe(account.keyId);
    // Tampered bodies do not verify.
    expect(() => new Webhook(added.secret).verify(`${last.body} `, last.headers)).toThrow();

    const again = await resendDelivery(account.accountId, delivery.id);
    expect(again).not.toBeNull();
    expect(await resendDelivery("another-account", delivery.id)).toBeNull();
    expect(await runDeliveries(worker)).toBe(1);
    expect(received).toHaveLength(3);
    expect(received[2].headers["webhook-id"]).toBe(eventId);
    await worker.agent.close();
  });

  it("sends only the chosen events and mails the owners", async () => {
    const account = await accountWithOwner();
    const added = await addEndpoint(account.accountId, {
      url: `${receiver.url}/only-invoices`,
      events: ["invoice.paid"],
    });
    expect(added.ok).toBe(true);
    const eventId = await emitAccountEvent(account.accountId, "credit.low", { balance: "PKR 10" });
    expect(await db().webhookDelivery.count({ where: { eventId } })).toBe(0);
    const worker = deps();
    // Mail for every pending event (including the key created with the account).
    await Promise.all([runAlertMail(worker), runAlertMail(worker)]);
    const mails = await db().outboxMail.findMany({ where: { to: account.email } });
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'API key "test key 2" created',
      "Your Darwaza credit is running low",
    ]);
    const event = await db().accountEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(event.emailStatus).toBe("sent");
    await worker.agent.close();
  });
});

describe("endpoints", () => {
  it("allows at most MAX_ENDPOINTS per account, even when added all at once", async () => {
    const account = await accountWithOwner();
    const results = await Promise.all(
      Array.from({ length: MAX_ENDPOINTS + 5 }, (_, i) =>
        addEndpoint(account.accountId, { url: `${receiver.url}/n${i}`, events: ["credit.low"] }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_ENDPOINTS);
    expect(
      await db().webhookEndpoint.count({
        where: { accountId: account.accountId, removedAt: null },
      }),
    ).toBe(MAX_ENDPOINTS);
    const refused = await addEndpoint(account.accountId, {
      url: "http://169.254.169.254/latest",
      events: ["credit.low"],
    });
    expect(refused).toMatchObject({ ok: false });
  });
});

describe("spend-cap and low-credit alerts", () => {
  const month = () => calendarMonth(Date.now(), "Asia/Karachi");
  let n = 0;
  const debit = (accountId: string, keyId: string, micros: number) =>
    db().ledgerEntry.create({
      data: {
        accountId,
        keyId,
        kind: "usage",
        amountMicros: BigInt(-micros),
        idempotencyKey: `usage:test-${accountId}-${n++}`,
        actorType: "gateway",
      },
    });

  it("fires each cap threshold once a month, and low credit once until credit is added", async () => {
    const account = await accountWithOwner();
    await db().account.update({
      where: { id: account.accountId },
      data: { spendCapMonthlyMicros: 10_000_000n },
    });
    await db().apiKey.update({
      where: { id: account.keyId },
      data: { spendCapMonthlyMicros: 4_000_000n },
    });
    await setLowCreditThreshold(db(), account.accountId, 5_000_000);
    await db().ledgerEntry.create({
      data: {
        accountId: account.accountId,
        kind: "grant",
        amountMicros: 20_000_000n,
        idempotencyKey: `grant:test-${account.accountId}`,
        actorType: "system",
      },
    });
    const events = async (type: string) =>
      (await db().accountEvent.findMany({ where: { accountId: account.accountId, type } })).map(
        (e) => e.payload as Record<string, unknown>,
      );

    await debit(account.accountId, account.keyId, 2_000_000); // key 50%, account 20%
    await Promise.all([checkSpendAlerts(db(), month()), checkSpendAlerts(db(), month())]);
    expect((await events("spend_cap.threshold_reached")).map((p) => [p.scope, p.percent])).toEqual([
      ["key", 50],
    ]);
    await debit(account.accountId, account.keyId, 4_000_000); // key 150%, account 60%
    await checkSpendAlerts(db(), month());
    await checkSpendAlerts(db(), month());
    const caps = (await events("spend_cap.threshold_reached"))
      .map((p) => `${p.scope}:${p.percent}`)
      .sort();
    expect(caps).toEqual(["account:50", "key:100", "key:50", "key:80"]);
    expect(await events("credit.low")).toHaveLength(0);

    await debit(account.accountId, account.keyId, 10_000_000); // balance 4 PKR < 5 PKR
    await Promise.all([checkSpendAlerts(db(), month()), checkSpendAlerts(db(), month())]);
    const low = await events("credit.low");
    expect(low).toEqual([expect.objectContaining({ balance_pkr: "4.00", threshold_pkr: "5.00" })]);
    await checkSpendAlerts(db(), month());
    expect(await events("credit.low")).toHaveLength(1);
  });
});

describe("webhook address guard", () => {
  it("refuses the metadata service, private, loopback and IPv6 loopback by default", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.7/hook",
      "http://192.168.1.1/hook",
      "http://127.0.0.1:8080/hook",
      "http://[::1]/hook",
      "http://[::ffff:169.254.169.254]/hook",
      "ftp://example.com/hook",
    ]) {
      const verdict = await checkWebhookUrl(url, []);
      expect(verdict.ok, url).toBe(false);
    }
    // A public-looking name that resolves inside is refused too.
    const rebinding = await checkWebhookUrl("https://hooks.example.com/x", [], async () => [
      "10.1.2.3",
    ]);
    expect(rebinding.ok).toBe(false);
    const fine = await checkWebhookUrl("https://hooks.example.com/x", [], async () => [
      "93.184.216.34",
    ]);
    expect(fine.ok).toBe(true);
  });

  it("lets loopback through only when the operator lists the host", async () => {
    expect((await checkWebhookUrl("http://127.0.0.1:9/hook", ["127.0.0.1"])).ok).toBe(true);
    expect((await checkWebhookUrl("http://[::1]:9/hook", ["127.0.0.1"])).ok).toBe(false);
  });

  it("refuses at send time and at connect time, sending no byte", async () => {
    received.length = 0;
    const agent = webhookAgent([]);
    const hook = {
      eventId: "evt_test",
      type: "credit.low",
      createdAt: new Date(),
      data: {},
      secret: `whsec_${Buffer.alloc(32, 1).toString("base64")}`,
    };
    const literal = await sendWebhook(
      { ...hook, url: `${receiver.url}/x` },
      { agent, allowHosts: [] },
    );
    expect(literal).toMatchObject({ ok: false, status: null });
    // A name that passed the save-time check but resolves to loopback when connecting.
    const port = new URL(receiver.url).port;
    const named = await sendWebhook(
      { ...hook, url: `http://localhost:${port}/x` },
      { agent, allowHosts: [], resolve: async () => ["93.184.216.34"] },
    );
    expect(named.ok).toBe(false);
    expect(named.ok ? "" : named.error).toMatch(/private, loopback or link-local/);
    expect(received).toHaveLength(0);
    await agent.close();
  });
});
