import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { UsageMeter } from "./meter";
import { replaySpilled, spillEvents } from "./spill";
import type { UsageEventRow } from "./types";

function event(i: number): UsageEventRow {
  return {
    id: `req_${i}`,
    accountId: "acct",
    keyId: "key",
    endpoint: "chat.completions",
    model: "demo-chat",
    upstream: "demo-llm",
    status: 200,
    tokensIn: 1,
    tokensOut: 2,
    latencyMs: 3,
    cached: false,
    estimated: false,
    billed: true,
    errorCode: null,
    costPaisa: 1,
    createdAt: 1_700_000_000_000 + i,
  };
}

/** A batch writer that can be made to fail, recording what it stored (by id, once). */
function fakeDatabase() {
  const stored = new Map<string, UsageEventRow>();
  const batches: number[] = [];
  let down = false;
  return {
    stored,
    batches,
    setDown(value: boolean) {
      down = value;
    },
    write: async (batch: UsageEventRow[]) => {
      await sleep(1);
      if (down) throw new Error("connection refused");
      batches.push(batch.length);
      for (const row of batch) if (!stored.has(row.id)) stored.set(row.id, row);
    },
  };
}

describe("the usage meter", () => {
  it("writes full batches at once and the rest on the timer", async () => {
    const database = fakeDatabase();
    const meter = new UsageMeter(database.write, { flushMs: 30, batchSize: 100 });
    meter.start();
    for (let i = 0; i < 250; i++) meter.record(event(i));
    await sleep(80);
    expect(database.stored.size).toBe(250);
    expect(Math.max(...database.batches)).toBe(100);
    meter.stop();
  });

  it("keeps a failed batch, in order, and writes it once the database is back", async () => {
    const database = fakeDatabase();
    const lines: string[] = [];
    const meter = new UsageMeter(database.write, {
      flushMs: 10,
      batchSize: 10,
      log: (l) => lines.push(l),
    });
    database.setDown(true);
    for (let i = 0; i < 25; i++) meter.record(event(i));
    expect(await meter.flush()).toBe(false);
    expect(meter.pending).toBe(25);
    expect(lines[0]).toMatch(/failed.*will retry/);
    database.setDown(false);
    expect(await meter.flush()).toBe(true);
    expect([...database.stored.keys()]).toEqual(Array.from({ length: 25 }, (_, i) => `req_${i}`));
  });

  it("drain loses no queued event: it retries until the database answers", async () => {
    const database = fakeDatabase();
    const meter = new UsageMeter(database.write, { flushMs: 1000, batchSize: 7 });
    meter.start();
    database.setDown(true);
    for (let i = 0; i < 100; i++) meter.record(event(i));
    setTimeout(() => database.setDown(false), 300);
    const left = await meter.drain(5_000);
    expect(left).toEqual([]);
    expect(database.stored.size).toBe(100);
  });

  it("drain returns what it could not write before the deadline", async () => {
    const database = fakeDatabase();
    const meter = new UsageMeter(database.write, { flushMs: 1000, batchSize: 10, log: () => {} });
    database.setDown(true);
    for (let i = 0; i < 15; i++) meter.record(event(i));
    const left = await meter.drain(200);
    expect(left.map((e) => e.id)).toEqual(Array.from({ length: 15 }, (_, i) => `req_${i}`));
  });

  it("waits for a flush already under way before draining", async () => {
    const database = fakeDatabase();
    const meter = new UsageMeter(database.write, { flushMs: 1000, batchSize: 5 });
    for (let i = 0; i < 12; i++) meter.record(event(i));
    const inFlight = meter.flush();
    meter.record(event(99));
    expect(await meter.drain(1000)).toEqual([]);
    await inFlight;
    expect(database.stored.size).toBe(13);
  });

  it("drops the oldest events, loudly, past its cap", async () => {
    const lines: string[] = [];
    const meter = new UsageMeter(async () => {}, {
      flushMs: 1000,
      maxQueued: 5,
      batchSize: 1000,
      log: (l) => lines.push(l),
    });
    for (let i = 0; i < 7; i++) meter.record(event(i));
    expect(meter.pending).toBe(5);
    expect(lines.join()).toMatch(/dropped/);
  });
});

describe("the shutdown spill", () => {
  it("saves unwritten events to disk and replays them once", async () => {
    const directory = path.join(mkdtempSync(path.join(tmpdir(), "darwaza-spill-")), "usage-spill");
    spillEvents(directory, [event(1), event(2)]);
    spillEvents(directory, [event(3)]);
    const database = fakeDatabase();
    database.setDown(true);
    await expect(replaySpilled(directory, database.write)).rejects.toThrow();
    expect(readdirSync(directory)).toHaveLength(2);
    database.setDown(false);
    expect(await replaySpilled(directory, database.write)).toBe(3);
    expect(readdirSync(directory)).toHaveLength(0);
    expect([...database.stored.keys()].sort()).toEqual(["req_1", "req_2", "req_3"]);
  });
});
