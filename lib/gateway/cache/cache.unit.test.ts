import { describe, expect, it } from "vitest";
import { cacheKey, canonicalJson } from "./key";
import { MemoryCache } from "./memory";
import { cacheMode } from "./policy";
import { decodeAnswer, encodeAnswer } from "./types";

const answer = (text: string) => ({
  status: 200,
  contentType: "application/json",
  body: Buffer.from(text),
});
const headers = (values: Record<string, string>) => (name: string) => values[name];

describe("cache key", () => {
  it("ignores key order but not values, accounts or endpoints", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    const k = cacheKey("acct_a", "chat.completions", "m", { model: "m", temperature: 0 });
    expect(cacheKey("acct_a", "chat.completions", "m", { temperature: 0, model: "m" })).toBe(k);
    expect(cacheKey("acct_b", "chat.completions", "m", { model: "m", temperature: 0 })).not.toBe(k);
    expect(cacheKey("acct_a", "images.generations", "m", { model: "m", temperature: 0 })).not.toBe(
      k,
    );
  });
});

describe("cache policy", () => {
  it("caches only deterministic, non-streaming requests; honours Cache-Control", () => {
    expect(cacheMode({ body: { temperature: 0 }, header: headers({}) })).toBe("use");
    expect(cacheMode({ body: { temperature: 0.7 }, header: headers({}) })).toBe("off");
    expect(cacheMode({ body: {}, header: headers({ "x-darwaza-cache": "force" }) })).toBe("use");
    expect(cacheMode({ body: {}, deterministic: true, header: headers({}) })).toBe("use");
    expect(cacheMode({ body: { temperature: 0, stream: true }, header: headers({}) })).toBe("off");
    expect(
      cacheMode({ body: { temperature: 0 }, header: headers({ "cache-control": "no-cache" }) }),
    ).toBe("refresh");
    expect(
      cacheMode({ body: { temperature: 0 }, header: headers({ "cache-control": "no-store" }) }),
    ).toBe("skip");
  });
});

describe("memory cache", () => {
  it("evicts the least recently used past its byte bound and expires by TTL", async () => {
    let now = 0;
    const cache = new MemoryCache(3 * 300, 1000, () => now);
    await cache.set("a", answer("a"), 1000);
    await cache.set("b", answer("b"), 1000);
    await cache.set("c", answer("c"), 1000);
    expect(await cache.get("a")).not.toBeNull();
    await cache.set("d", answer("d"), 1000);
    expect(await cache.get("b")).toBeNull();
    expect(await cache.get("a")).not.toBeNull();
    expect(cache.size).toBeLessThanOrEqual(900);
    await cache.set("big", answer("x".repeat(2000)), 1000);
    expect(await cache.get("big")).toBeNull();
    now = 1000;
    expect(await cache.get("a")).toBeNull();
  });

  it("encodes answers for Redis losslessly", () => {
    const bytes = Buffer.from([0, 255, 1, 2]);
    const decoded = decodeAnswer(
      encodeAnswer({ status: 201, contentType: "audio/mpeg", body: bytes }),
    );
    expect(decoded?.status).toBe(201);
    expect(Buffer.compare(Buffer.from(decoded!.body), bytes)).toBe(0);
  });
});
