import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { PLANS } from "@/lib/plans/plans";
import { redisForTests } from "../test-support/redis";
import { calendarDay } from "./calendar";
import { connectLimiterRedis } from "./redis-connection";
import { ResilientLimiter } from "./resilient";
import type { AdmissionRequest } from "./types";

/**
 * Redis going away and coming back, with a Redis server of the test's own on a spare port (the
 * shared one stays up for the other tests).
 */
const hasRedis = await redisForTests();

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return child;
    await sleep(50);
  }
  throw new Error("redis-server did not start");
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

function request(accountId: string): AdmissionRequest {
  const now = Date.now();
  const day = calendarDay(now, "Asia/Karachi");
  return {
    accountId,
    limits: PLANS.free.limits,
    requestId: randomBytes(8).toString("hex"),
    now,
    day: day.day,
    dayEndMs: day.endMs,
    tokens: null,
  };
}

const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) await stopRedis(child);
});

describe.runIf(hasRedis)("the resilient limiter", () => {
  it("falls back to memory at limit ÷ instances while Redis is down, and goes back when it returns", async () => {
    const port = await freePort();
    let server = await startRedis(port);
    children.push(server);
    const lines: string[] = [];
    const limiter = new ResilientLimiter(
      connectLimiterRedis(`redis://127.0.0.1:${port}`),
      2,
      (line) => lines.push(line),
    );
    const id = `acct_${randomBytes(4).toString("hex")}`;

    // Up: Redis counts (3 of the Free plan's 10 per minute).
    for (let i = 0; i < 3; i++) expect((await limiter.admit(request(id))).ok).toBe(true);
    expect(limiter.usingFallback).toBe(false);

    // Down: each instance enforces 10 ÷ 2 = 5 in memory, and requests keep flowing.
    await stopRedis(server);
    const started = Date.now();
    const during = await Promise.all(Array.from({ length: 8 }, () => limiter.admit(request(id))));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(during.filter((r) => r.ok)).toHaveLength(5);
    expect(limiter.usingFallback).toBe(true);
    expect(lines.some((line) => line.includes("Redis unreachable"))).toBe(true);

    // Back (a fresh, empty Redis): the client reconnects by itself and limits are shared again.
    server = await startRedis(port);
    children.push(server);
    let back = false;
    for (let i = 0; i < 60 && !back; i++) {
      await sleep(100);
      const admission = await limiter.admit(request(`${id}-probe`));
      back = admission.ok && admission.ticket.backend === "redis";
    }
    expect(back).toBe(true);
    expect(limiter.usingFallback).toBe(false);
    expect(lines.some((line) => line.includes("reachable again"))).toBe(true);
    await limiter.close();
  }, 20_000);

  it("settles a reservation where it was made", async () => {
    const limiter = new ResilientLimiter(connectLimiterRedis("redis://127.0.0.1:1"), 1, () => {});
    const id = `acct_${randomBytes(4).toString("hex")}`;
    const limits = {
      requestsPerMinute: null,
      requestsPerDay: null,
      tokensPerDay: 100,
      maxTokensPerRequest: null,
    };
    const base = request(id);
    const admission = await limiter.admit({
      ...base,
      limits,
      tokens: { prompt: 10, maxOutput: 90 },
    });
    expect(admission.ok && admission.ticket.backend).toBe("memory");
    if (!admission.ok) throw new Error("unreachable");
    expect(
      (await limiter.admit({ ...request(id), limits, tokens: { prompt: 10, maxOutput: 90 } })).ok,
    ).toBe(false);
    await limiter.settle(admission.ticket, 0);
    expect(
      (await limiter.admit({ ...request(id), limits, tokens: { prompt: 10, maxOutput: 90 } })).ok,
    ).toBe(true);
    await limiter.close();
  });
});
