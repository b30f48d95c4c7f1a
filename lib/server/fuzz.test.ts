import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { createApiKey } from "@/lib/keys/create";
import { generateKey } from "@/lib/keys/format";
import { db } from "@/lib/services";
import { handleNodeRequest } from "@/lib/services/gateway";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import { type FuzzRequest, gatewayCase } from "./fuzz/gateway-cases";
import { Random } from "./fuzz/random";
import { webhookCase } from "./fuzz/webhook-cases";

/**
 * 10,000 malformed requests — broken JSON, wrong types in every field, odd paths and methods,
 * garbled keys, broken multipart, oversized bodies, forged or stale Stripe signatures — to the
 * gateway's real node:http mount and to the Stripe webhook route, over real HTTP. Nothing a
 * client sends may produce a 5xx. Reproduce a failure with DARWAZA_FUZZ_SEED=<printed seed>.
 */
const TOTAL = 10_000;
const WEBHOOK_SHARE = 0.2;
const CONCURRENCY = 32;
const seed = Number(process.env.DARWAZA_FUZZ_SEED ?? randomBytes(4).readUInt32LE());

async function webRequest(req: http.IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  return new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers,
    body: Buffer.concat(chunks),
  });
}

/** The two mounts `npm start` has for these paths: the gateway core, and Next's route handler. */
function mount(req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.url?.startsWith("/api/v1")) {
    void handleNodeRequest(req, res);
    return;
  }
  void webRequest(req)
    .then((request) => stripeWebhook(request))
    .then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
}

function send(port: number, agent: http.Agent, fuzz: FuzzRequest): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        agent,
        method: fuzz.method,
        path: fuzz.path,
        headers: fuzz.headers,
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(fuzz.body);
  });
}

describe(`fuzz: ${TOTAL.toLocaleString("en-US")} malformed requests (seed ${seed})`, () => {
  let testServices: TestServices;
  let server: http.Server;
  const secret = `whsec_fuzz_${randomBytes(12).toString("hex")}`;

  beforeAll(async () => {
    testServices = await setUpTestServices({
      // Limits in memory: this test is about input handling, not Redis.
      env: { STRIPE_WEBHOOK_SECRET: secret, STRIPE_SECRET_KEY: undefined, REDIS_URL: undefined },
    });
    server = http.createServer(mount);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await testServices?.teardown();
  });

  it("never answers 5xx", async () => {
    const account = await db().account.create({ data: { name: "Fuzz", plan: "enterprise" } });
    const { key } = await createApiKey({ accountId: account.id, label: "fuzz" });
    const random = new Random(seed);
    const cases = Array.from({ length: TOTAL }, () =>
      random.chance(WEBHOOK_SHARE)
        ? webhookCase(random, secret)
        : gatewayCase(random, key, generateKey()),
    );
    const port = (server.address() as AddressInfo).port;
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const statuses: number[] = new Array(TOTAL);
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < TOTAL) {
          const index = next++;
          statuses[index] = await send(port, agent, cases[index]);
        }
      }),
    );
    agent.destroy();
    const histogram: Record<string, Record<number, number>> = { gateway: {}, webhook: {} };
    cases.forEach((fuzz, i) => {
      const target = histogram[fuzz.path.startsWith("/api/v1") ? "gateway" : "webhook"];
      target[statuses[i]] = (target[statuses[i]] ?? 0) + 1;
    });
    const ms = Math.round(performance.now() - started);
    console.log(`fuzz seed ${seed}: ${TOTAL} requests in ${ms} ms → ${JSON.stringify(histogram)}`);

    const failures = cases
      .map((fuzz, i) => ({ status: statuses[i], fuzz }))
      .filter(
        ({ status, fuzz }) =>
          status >= 500 || (status === 0 && (fuzz.body?.length ?? 0) < 1_000_000),
      );
    const sample = failures.slice(0, 5).map(({ status, fuzz }) => ({
      status,
      method: fuzz.method,
      path: fuzz.path,
      headers: fuzz.headers,
      body: fuzz.body?.subarray(0, 300).toString(),
    }));
    expect(sample, `${failures.length} requests failed (seed ${seed})`).toEqual([]);
  }, 120_000);
});
