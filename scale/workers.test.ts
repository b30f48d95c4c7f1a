import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cluster, type CreatedKey, ROOT } from "./support/cluster";
import { chat, countStatuses, type Reply, sleep } from "./support/http";
import { expectUsageMatches } from "./support/usage";

/** The worker processes under a cluster primary. */
function workerPids(primary: number): number[] {
  const found = spawnSync("pgrep", ["-P", String(primary)], { encoding: "utf8" });
  return found.stdout.split("\n").filter(Boolean).map(Number);
}

/** CPU time (ms) a process has used. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

describe("DARWAZA_WORKERS=2: one port, two worker processes, one Redis", () => {
  let cluster: Cluster;
  let enterprise: CreatedKey;

  beforeAll(async () => {
    cluster = await Cluster.start({
      instances: 1,
      // Real Stripe is required with workers (the emulator is single-process); never reached here.
      env: { DARWAZA_WORKERS: "2", STRIPE_SECRET_KEY: "sk_test_offline_never_called" },
    });
    enterprise = await cluster.createKey("enterprise");
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it("starts two workers and both serve /api/v1", async () => {
    expect(cluster.instances[0].log).toContain("(2 workers)");
    const pids = workerPids(cluster.instances[0].pid ?? 0);
    expect(pids).toHaveLength(2);
    const before = pids.map(cpuMs);
    const url = cluster.instanceUrl(0);
    // Separate connections, so the primary hands them to both workers.
    const replies = await Promise.all(Array.from({ length: 400 }, () => chat(url, enterprise.key)));
    expect(countStatuses(replies)).toEqual({ 200: 400 });
    const used = pids.map((pid, i) => cpuMs(pid) - before[i]);
    for (const ms of used) expect(ms).toBeGreaterThan(0);
  });

  it("a Free key's limit is one limit across the workers, and every answer is metered", async () => {
    const { key, accountId } = await cluster.createKey("free");
    const url = cluster.instanceUrl(0);
    const replies = await Promise.all(Array.from({ length: 200 }, () => chat(url, key)));
    expect(countStatuses(replies)).toEqual({ 200: 10, 429: 190 });
    const { client, stored } = await expectUsageMatches(cluster, accountId, replies);
    expect(stored).toEqual(client);
  });

  it("a worker that dies is replaced while the other keeps serving", async () => {
    const primary = cluster.instances[0].pid ?? 0;
    const [victim] = workerPids(primary);
    process.kill(victim, "SIGKILL");
    const url = cluster.instanceUrl(0);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const pids = workerPids(primary);
      if (pids.length === 2 && !pids.includes(victim)) break;
      await sleep(100);
    }
    expect(workerPids(primary)).toHaveLength(2);
    expect(cluster.instances[0].log).toContain(`worker ${victim} died`);
    // Let the replacement finish starting (it logs nothing once ready; it answers).
    await sleep(3_000);
    const replies = await Promise.all(Array.from({ length: 50 }, () => chat(url, enterprise.key)));
    expect(countStatuses(replies)).toEqual({ 200: 50 });
  });

  it("SIGTERM to the primary under load: every worker drains, every 200 has its event, exit 0", async () => {
    const { key, accountId } = await cluster.createKey("enterprise");
    const url = cluster.instanceUrl(0);
    const replies: Promise<Reply>[] = [];
    const timer = setInterval(() => replies.push(chat(url, key)), 5);
    await sleep(1_000);
    const instance = cluster.instances[0];
    instance.signal("SIGTERM");
    await sleep(300);
    clearInterval(timer);
    const answered = await Promise.all(replies);
    expect(await instance.waitForExit()).toBe(0);
    expect(instance.log).toContain("stopping 2 workers");
    expect(instance.log).toContain("Darwaza: stopped cleanly.");
    const ok = answered.filter((reply) => reply.status === 200).length;
    expect(ok).toBeGreaterThan(50);
    const { client, stored } = await expectUsageMatches(cluster, accountId, answered);
    expect(stored[200]).toBe(client[200]);
  });
});

describe("DARWAZA_WORKERS without what workers need", () => {
  it("refuses to start without REDIS_URL, naming the setting", () => {
    const started = spawnSync(process.execPath, ["server/start.mjs"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DARWAZA_WORKERS: "2",
        STRIPE_SECRET_KEY: "sk_test_offline_never_called",
        DARWAZA_SKIP_BUILD: "1",
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(started.status).toBe(1);
    expect(started.stderr).toContain("more than one worker needs REDIS_URL");
  });
});
