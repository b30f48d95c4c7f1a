import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { route } from "@/lib/http/route";
import { ADMIN_TOKEN_THROTTLE } from "./api-access";

const TOKEN = "an-admin-token-of-at-least-32-characters";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const saved = { ...process.env };
const octet = () => Math.floor(Math.random() * 256);

const stores: [string, string][] = [["memory", ""]];
if (process.env.DARWAZA_TEST_REDIS_DOWN === "1")
  console.warn("!!! Redis unreachable: the Redis admin token throttle tests are SKIPPED !!!");
else stores.push(["redis", redisUrl]);

/** An admin API route that answers 200 to whoever gets through. */
const adminRoute = route({ auth: "admin-api" }, async () => Response.json({ ok: true }));

/** One admin API call with this bearer token from this address, answered as the routes answer. */
function call(token: string, ip: string): Promise<Response> {
  const request = new Request("http://localhost/api/admin/keys", {
    headers: { authorization: `Bearer ${token}`, "x-forwarded-for": ip },
  });
  return adminRoute(request);
}

describe.each(stores)("admin token throttle (%s)", (_name, url) => {
  beforeAll(() => {
    process.env.REDIS_URL = url;
    process.env.DARWAZA_ADMIN_TOKEN = TOKEN;
    resetEnvCache();
  });
  afterAll(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("50 parallel wrong tokens from one address: 10 answered 401, the rest 429 with Retry-After", async () => {
    const ip = `198.18.${octet()}.${octet()}`;
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(`wrong-token-${i}`, ip)),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(ADMIN_TOKEN_THROTTLE.failures);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    const refused = answers.find((answer) => answer.status === 429) as Response;
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(refused.headers.get("content-type")).toBe("application/json");
    expect((await refused.json()).error).toMatchObject({
      code: "too_many_attempts",
      message: expect.stringContaining(`Retry after ${retryAfter} seconds`),
    });

    // The right token from that address waits too; from anywhere else it works.
    expect((await call(TOKEN, ip)).status).toBe(429);
    expect((await call(TOKEN, `198.51.100.${octet()}`)).status).toBe(200);
  });

  it("an IPv6 client is its /64; the right token in a burst is never throttled", async () => {
    const net = `2001:db8:${octet().toString(16)}:${octet().toString(16)}`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => call("wrong", `${net}::${i + 1}`)));
    expect((await call(TOKEN, `${net}::ffff`)).status).toBe(429);
    const ip = `203.0.113.${octet()}`;
    const burst = await Promise.all(Array.from({ length: 50 }, () => call(TOKEN, ip)));
    expect(burst.every((answer) => answer.status === 200)).toBe(true);
    expect((await call("wrong", ip)).status).toBe(401);
  });
});
