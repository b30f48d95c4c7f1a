import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setKeySpendCap } from "@/lib/credit/caps";
import { grantCredit } from "@/lib/credit/ledger";
import { balanceOf } from "@/lib/credit/reads";
import { pool } from "@/lib/services";
import type { Gateway } from "../gateway";
import type { UsageEventRow } from "../metering/types";
import { batchWriter } from "../metering/writer";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "../test-support/database";
import { serveGateway, testGateway } from "../test-support/gateway";
import { redisForTests, TEST_REDIS_URL } from "../test-support/redis";
import type { RunningServer } from "../test-support/servers";

/**
 * Allowance, then credit, then stop — through real gateways on real PostgreSQL (and Redis):
 * concurrent calls past the allowance never spend more credit than there is, and the ledger's
 * debits equal the charged events' costs.
 */
const hasRedis = await redisForTests();
let testEnv: GatewayTestEnv;
const running: { gateway: Gateway; server: RunningServer }[] = [];
const ADMIN = { type: "system" as const, id: "test" };
/** demo-chat's prices in micros per token (5 and 15 paisa per 1k tokens, ×10). */
const IN = 50;
const OUT = 150;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
});

afterAll(async () => {
  for (const { server, gateway } of running) {
    await server.close();
    await gateway.stop();
  }
  await testEnv.teardown();
});

async function instance(redis: boolean): Promise<{ gateway: Gateway; url: string }> {
  const gateway = testGateway({ redisUrl: redis ? TEST_REDIS_URL : null, pollIntervalMs: 100 });
  await gateway.start();
  const server = await serveGateway(gateway);
  running.push({ gateway, server });
  return { gateway, url: server.url };
}

async function stopInstance(gateway: Gateway): Promise<void> {
  const at = running.findIndex((r) => r.gateway === gateway);
  await running[at].server.close();
  await gateway.stop();
  running.splice(at, 1);
}

function chat(url: string, key: string, stream = false): Promise<Response> {
  return fetch(`${url}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      model: "demo-chat",
      messages: [{ role: "user", content: "Salaam, 8 tokens please" }],
      max_tokens: 20,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
  });
}

/** An account whose daily allowance is one call (Enterprise terms), and its key. */
function oneCallADay(): Promise<TestKey> {
  return createAccountWithKey("enterprise", { limitRpd: 1, limitMaxTokens: 100 });
}

/** Use the allowance; the free call's usage tells what each identical call costs. */
async function costOfOneCall(url: string, key: string): Promise<number> {
  const response = await chat(url, key);
  expect(response.status).toBe(200);
  const { usage } = await response.json();
  return usage.prompt_tokens * IN + usage.completion_tokens * OUT;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function drain(response: Response): Promise<boolean> {
  if (response.status !== 200) {
    await response.text();
    return false;
  }
  await response.text();
  return true;
}

/** Every instance's usage written, then the ledger and the events of the account. */
async function books(accountId: string, gateways: Gateway[]) {
  for (const gateway of gateways) await gateway.meter.flush();
  const debits = await pool().query<{ request_id: string; micros: string }>(
    "SELECT request_id, -amount_micros AS micros FROM ledger_entries WHERE account_id = $1 AND kind = 'usage'",
    [accountId],
  );
  const events = await pool().query<{ id: string; tokens_in: number; tokens_out: number }>(
    "SELECT id, tokens_in, tokens_out FROM usage_events WHERE account_id = $1 AND billed",
    [accountId],
  );
  const cost = new Map(events.rows.map((e) => [e.id, e.tokens_in * IN + e.tokens_out * OUT]));
  return { debits: debits.rows, cost };
}

async function spendPastAllowance(urls: string[], gateways: Gateway[]): Promise<void> {
  const account = await oneCallADay();
  const cost = await costOfOneCall(urls[0], account.key);
  await grantCredit({
    accountId: account.accountId,
    amountMicros: cost * 10,
    note: "ten calls",
    actor: ADMIN,
    idempotencyKey: `ten-${account.accountId}`,
  });
  for (const gateway of gateways) {
    await waitFor(
      async () => (await gateway.spend?.available(account.accountId)) === cost * 10,
      "the grant to reach the gateway",
    );
  }
  const responses = await Promise.all(
    Array.from({ length: 50 }, (_, i) => chat(urls[i % urls.length], account.key, i % 4 < 2)),
  );
  const refusals = responses.filter((r) => r.status !== 200).map((r) => r.status);
  const admitted = (await Promise.all(responses.map(drain))).filter(Boolean).length;
  console.info(`[credit test] ${admitted} of 50 admitted against credit for 10`);
  expect(admitted).toBeGreaterThan(0);
  expect(admitted).toBeLessThanOrEqual(10);
  expect(new Set(refusals)).toEqual(new Set([429]));

  const { debits, cost: eventCost } = await books(account.accountId, gateways);
  // Every admitted call past the allowance was debited, each at its event's cost.
  expect(debits).toHaveLength(admitted);
  let debited = 0;
  for (const debit of debits) {
    expect(Number(debit.micros)).toBe(eventCost.get(debit.request_id));
    debited += Number(debit.micros);
  }
  expect(debited).toBeLessThanOrEqual(cost * 10);
  // The ledger's change is the grant less the debits, and never below zero.
  const balance = await balanceOf(account.accountId);
  expect(Number(balance)).toBe(cost * 10 - debited);
  expect(balance >= 0n).toBe(true);
  for (const gateway of gateways) {
    await waitFor(
      async () => (await gateway.spend?.available(account.accountId)) === Number(balance),
      "the settles to reach every instance",
    );
  }
}

describe.runIf(hasRedis)("two instances on one Redis", () => {
  it("50 concurrent calls (half streaming) past the allowance, credit for 10: at most 10 charged, books equal", async () => {
    const one = await instance(true);
    const two = await instance(true);
    await spendPastAllowance([one.url, two.url], [one.gateway, two.gateway]);
  });
});

describe.runIf(hasRedis)("two instances on one Redis, credit to lease", () => {
  it("200 concurrent calls (half streaming) drawn from leases: every one charged, books equal, leases given back", async () => {
    const one = await instance(true);
    const two = await instance(true);
    const gateways = [one.gateway, two.gateway];
    const account = await oneCallADay();
    const cost = await costOfOneCall(one.url, account.key);
    const granted = cost * 2_000;
    await grantCredit({
      accountId: account.accountId,
      amountMicros: granted,
      note: "plenty",
      actor: ADMIN,
      idempotencyKey: `plenty-${account.accountId}`,
    });
    for (const gateway of gateways) {
      await waitFor(
        async () => (await gateway.spend?.available(account.accountId)) === granted,
        "the grant to reach the gateway",
      );
    }
    const urls = [one.url, two.url];
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => chat(urls[i % 2], account.key, i % 4 < 2)),
    );
    expect((await Promise.all(responses.map(drain))).every(Boolean)).toBe(true);
    const { debits, cost: eventCost } = await books(account.accountId, gateways);
    expect(debits).toHaveLength(200);
    let debited = 0;
    for (const debit of debits) {
      expect(Number(debit.micros)).toBe(eventCost.get(debit.request_id));
      debited += Number(debit.micros);
    }
    const balance = await balanceOf(account.accountId);
    expect(Number(balance)).toBe(granted - debited);
    // Idle leases go back to Redis: each instance then sees the ledger's balance exactly.
    for (const gateway of gateways) {
      await waitFor(
        async () => (await gateway.spend?.available(account.accountId)) === Number(balance),
        "the leases to be given back",
      );
    }
  });
});

describe("one instance without Redis", () => {
  it("50 concurrent calls (half streaming) past the allowance, credit for 10: at most 10 charged, books equal", async () => {
    const one = await instance(false);
    await spendPastAllowance([one.url], [one.gateway]);
  });

  it("a batch written twice (a retry, a replayed spill) debits once", async () => {
    const account = await oneCallADay();
    const event: UsageEventRow = {
      id: `req_retry_${account.accountId}`,
      accountId: account.accountId,
      keyId: account.keyId,
      endpoint: "chat",
      model: "demo-chat",
      upstream: "demo-llm",
      status: 200,
      tokensIn: 10,
      tokensOut: 10,
      latencyMs: 1,
      cached: false,
      estimated: false,
      billed: true,
      errorCode: null,
      costPaisa: 1,
      createdAt: Date.now(),
      creditMicros: 2_000,
    };
    const write = batchWriter(pool, "Asia/Karachi");
    await write([event]);
    // The second batch repeats the stored event beside a new one: the retry path.
    await write([event, { ...event, id: `${event.id}_2` }]);
    const { debits } = await books(account.accountId, []);
    expect(debits.map((d) => Number(d.micros))).toEqual([2_000, 2_000]);
    expect(Number(await balanceOf(account.accountId))).toBe(-4_000);
  });

  it("a call past the allowance without credit is the 429 of today; within it nothing is charged", async () => {
    const { url, gateway } = await instance(false);
    const account = await oneCallADay();
    expect((await chat(url, account.key)).status).toBe(200);
    const refused = await chat(url, account.key);
    expect(refused.status).toBe(429);
    const { debits } = await books(account.accountId, [gateway]);
    expect(debits).toHaveLength(0);
  });

  it("a prompt longer than the day's token limit is held and debited in full (usage.cost)", async () => {
    const { url, gateway } = await instance(false);
    // 50 tokens a day: the limiter stops counting this ~600-token prompt there, the hold must not.
    const account = await createAccountWithKey("enterprise", { limitTpd: 50, limitMaxTokens: 20 });
    await grantCredit({
      accountId: account.accountId,
      amountMicros: 10_000_000,
      note: "plenty",
      actor: ADMIN,
      idempotencyKey: `long-${account.accountId}`,
    });
    await waitFor(
      async () => (await gateway.spend?.available(account.accountId)) === 10_000_000,
      "the grant",
    );
    const response = await fetch(`${url}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${account.key}`, "content-type": "application/json" },
      body: JSON.stringify({
        model: "demo-chat",
        messages: [
          { role: "user", content: "The quick brown fox jumps over the lazy dog. ".repeat(60) },
        ],
        max_tokens: 20,
      }),
    });
    expect(response.status).toBe(200);
    const { usage } = await response.json();
    expect(usage.prompt_tokens).toBeGreaterThan(500);
    const charged = BigInt(response.headers.get("x-darwaza-cost-micros") ?? "0");
    expect(BigInt(Math.round(usage.cost * 1_000_000))).toBe(charged);
    const { debits } = await books(account.accountId, [gateway]);
    expect(debits.map((d) => BigInt(d.micros))).toEqual([charged]);
  });

  it("a key whose monthly cap is reached gets 402 insufficient_quota", async () => {
    const { url, gateway } = await instance(false);
    const account = await oneCallADay();
    const cost = await costOfOneCall(url, account.key);
    await grantCredit({
      accountId: account.accountId,
      amountMicros: cost * 100,
      note: "plenty",
      actor: ADMIN,
      idempotencyKey: `plenty-${account.accountId}`,
    });
    // Room for one call's hold (its maximum cost) but not two.
    const holdAmount = await maxCostOf();
    const capped = await setKeySpendCap(ADMIN, account.accountId, account.keyId, holdAmount + 1);
    expect(capped.ok).toBe(true);
    gateway.keyCache.invalidate({ scope: "all" });
    await waitFor(
      async () => (await gateway.spend?.available(account.accountId)) === cost * 100,
      "the grant",
    );
    expect((await chat(url, account.key)).status).toBe(200);
    const refused = await chat(url, account.key);
    expect(refused.status).toBe(402);
    const { error } = await refused.json();
    expect(error).toMatchObject({ type: "insufficient_quota", code: "insufficient_quota" });
    expect(error.message).toMatch(/spend cap/);
  });

  it("a new instance (a restart) starts from the ledger's balance", async () => {
    const first = await instance(false);
    const account = await oneCallADay();
    const cost = await costOfOneCall(first.url, account.key);
    await grantCredit({
      accountId: account.accountId,
      amountMicros: cost * 10,
      note: "ten",
      actor: ADMIN,
      idempotencyKey: `restart-${account.accountId}`,
    });
    await waitFor(
      async () => (await first.gateway.spend?.available(account.accountId)) === cost * 10,
      "the grant",
    );
    expect((await chat(first.url, account.key)).status).toBe(200);
    await stopInstance(first.gateway);
    const second = await instance(false);
    const balance = Number(await balanceOf(account.accountId));
    expect(balance).toBe(cost * 9);
    expect(await second.gateway.spend?.available(account.accountId)).toBe(balance);
    expect((await chat(second.url, account.key)).status).toBe(200);
    const { debits } = await books(account.accountId, [second.gateway]);
    expect(debits).toHaveLength(2);
    expect(Number(await balanceOf(account.accountId))).toBe(cost * 8);
  });
});

/** The hold of the test's call: the demo model's max cost for its prompt estimate and 20 tokens. */
async function maxCostOf(): Promise<number> {
  const { estimatePromptTokens } = await import("../limits/estimate");
  const body = {
    model: "demo-chat",
    messages: [{ role: "user", content: "Salaam, 8 tokens please" }],
    max_tokens: 20,
  };
  const prompt = estimatePromptTokens(body, null);
  return prompt * IN + 20 * OUT;
}
