import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import { stopGateway } from "@/lib/services/gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
} from "./test-support/database";
import { type Mount, nodeMount, webMount } from "./test-support/mounts";

/** GET /api/v1/usage agrees with the raw usage events of the month. */
let testEnv: GatewayTestEnv;
const mounts: Mount[] = [];

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  mounts.push(await nodeMount(), webMount());
});

afterAll(async () => {
  for (const mount of mounts) await mount.close();
  await stopGateway();
  await testEnv.teardown();
});

function call(mount: Mount, key: string, path: string, body?: unknown): Promise<Response> {
  return mount.fetch(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe.each([0, 1])("GET /api/v1/usage through mount %i", (index) => {
  it("reports the month's totals, today against the limits, and a breakdown equal to the events", async () => {
    const mount = mounts[index];
    const { key, accountId } = await createAccountWithKey("free");
    const chat = (content: string, extra = {}) =>
      call(mount, key, "/api/v1/chat/completions", {
        model: "demo-chat",
        messages: [{ role: "user", content }],
        ...extra,
      });
    expect((await chat("Write 40 tokens")).status).toBe(200);
    const firstStream = await chat("hello", { stream: true });
    expect(firstStream.status).toBe(200);
    await firstStream.text();
    expect((await call(mount, key, "/api/v1/images/generations", { prompt: "x" })).status).toBe(
      200,
    );
    expect(
      (
        await call(mount, key, "/api/v1/audio/speech", {
          model: "demo-tts",
          input: "abc",
          voice: "x",
        })
      ).status,
    ).toBe(200);
    expect((await call(mount, key, "/api/v1/chat/completions", "{oops")).status).toBe(400);
    const streamed = await chat("stream me", { stream: true });
    await streamed.text();

    const response = await call(mount, key, "/api/v1/usage");
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toMatch(/^\d+$/);
    const usage = await response.json();

    const { rows } = await pool().query<{
      requests: string;
      billed: string;
      tin: string;
      tout: string;
      cost: string;
    }>(
      `SELECT count(*) AS requests, count(*) FILTER (WHERE billed) AS billed, sum(tokens_in) AS tin,
         sum(tokens_out) AS tout, sum(cost_paisa) AS cost
       FROM usage_events WHERE account_id = $1
         AND date_trunc('month', created_at AT TIME ZONE 'Asia/Karachi') = date_trunc('month', now() AT TIME ZONE 'Asia/Karachi')`,
      [accountId],
    );
    const sums = rows[0];
    expect(usage.total_requests).toBe(Number(sums.requests));
    expect(usage.billed_requests).toBe(Number(sums.billed));
    expect(usage.total_tokens_in).toBe(Number(sums.tin));
    expect(usage.total_tokens_out).toBe(Number(sums.tout));
    expect(usage.estimated_cost).toEqual({
      amount: Number(sums.cost) / 100,
      amount_paisa: Number(sums.cost),
      currency: "PKR",
    });
    expect(usage.total_requests).toBe(6);
    expect(usage.billed_requests).toBe(5);
    expect(usage.total_tokens_out).toBeGreaterThan(40);
    expect(usage.estimated_cost.amount_paisa).toBeGreaterThan(200);

    expect(usage.today.limits).toEqual({
      requests_per_minute: 10,
      requests_per_day: 100,
      tokens_per_day: 10_000,
      max_tokens_per_request: 512,
    });
    expect(usage.today.requests).toBe(5);
    expect(usage.today.remaining.requests_this_minute).toBe(10 - 5);
    expect(usage.today.remaining.requests_today).toBe(100 - 5);
    expect(usage.today.tokens).toBe(usage.total_tokens_in + usage.total_tokens_out);
    expect(usage.today.remaining.tokens_today).toBe(10_000 - usage.today.tokens);

    const byEndpoint = Object.fromEntries(
      usage.breakdown.map((row: { endpoint: string; model: string; requests: number }) => [
        `${row.endpoint}/${row.model}`,
        row.requests,
      ]),
    );
    expect(byEndpoint).toEqual({
      "chat.completions/": 1,
      "chat.completions/demo-chat": 3,
      "images.generations/demo-image": 1,
      "audio.speech/demo-tts": 1,
    });
  });
});
