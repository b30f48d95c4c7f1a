/**
 * `npm run bench:load -- [--rate 500] [--seconds 60] [--instances 1]`: sustained mixed load on a
 * started Darwaza — chat, streamed chat and GET /api/v1/usage from an Enterprise (unlimited) key
 * and Pro, Starter and Free keys (the Free ones run into their limits on purpose) — at a fixed
 * rate (open loop). Prints throughput, p50/p95/p99 per kind of traffic, errors, and whether
 * Postgres holds exactly the usage the client saw once the last flush is done.
 *
 * Starts its own throwaway PostgreSQL and Redis and `npm start` instance(s) (behind nginx when
 * more than one). Run it alone on the machine: `flock /tmp/darwaza-build.lock npm run bench:load`.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfNeeded } from "@/lib/server/build";
import { Cluster } from "@/scale/support/cluster";
import { checkUsage } from "./mixed/accounting";
import { row, Tally } from "./mixed/stats";
import { type Client, drive, type Outcome } from "./mixed/traffic";

const { values } = parseArgs({
  options: { rate: { type: "string" }, seconds: { type: "string" }, instances: { type: "string" } },
});
const rate = Number(values.rate ?? 500);
const seconds = Number(values.seconds ?? 60);
const instances = Number(values.instances ?? 1);

buildIfNeeded(path.resolve(import.meta.dirname, ".."), console.log);
console.log(`bench:load: starting ${instances} instance(s), PostgreSQL and Redis …`);
const cluster = await Cluster.start({ instances, env: { DARWAZA_USAGE_FLUSH_MS: "1000" } });
try {
  // Requests per second each key sends; the Enterprise key takes the rest of the rate.
  const fixed: [string, number][] = [
    ["pro", 4],
    ["pro", 4],
    ["pro", 4],
    ["starter", 0.8],
    ["starter", 0.8],
    ["starter", 0.8],
    ["free", 0.8],
    ["free", 0.8],
    ["free", 0.8],
  ];
  const rest = rate - fixed.reduce((sum, [, r]) => sum + r, 0);
  if (rest <= 0) throw new Error("--rate must be above 17 requests/s");
  const clients: Client[] = [];
  for (const [plan, weight] of [["enterprise", rest] as [string, number], ...fixed]) {
    const key = await cluster.createKey(plan, `load ${plan}`);
    clients.push({ plan, key: key.key, accountId: key.accountId, weight });
  }

  const base = instances > 1 ? cluster.url : cluster.instanceUrl(0);
  console.log(
    `bench:load: ${rate} requests/s for ${seconds} s against ${base} (${clients.length} keys) …`,
  );
  const outcomes: Outcome[] = [];
  const tallies = { all: new Tally(), chat: new Tally(), stream: new Tally(), usage: new Tally() };
  const elapsed = await drive(base, clients, rate, seconds, (outcome) => {
    outcomes.push(outcome);
    tallies[outcome.kind].add(outcome.status, outcome.latencyMs);
    tallies.all.add(outcome.status, outcome.latencyMs);
  });

  console.table([
    row("chat", tallies.chat, elapsed),
    row("chat, streamed", tallies.stream, elapsed),
    row("GET /api/v1/usage", tallies.usage, elapsed),
    row("all", tallies.all, elapsed),
  ]);
  const limited = outcomes.filter((o) => o.status === 429);
  const errors = outcomes.filter((o) => o.status !== 200 && o.status !== 429);
  console.log(
    `429 (plan limits, expected for Free/Starter keys): ${limited.length}; errors: ${errors.length}`,
  );
  if (limited.some((o) => o.client.plan === "enterprise" || o.client.plan === "pro")) {
    console.log("!! an Enterprise or Pro key was limited");
  }

  // Every instance flushes at least once a second; give them three.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const checks = await checkUsage(cluster.pool(), clients, outcomes);
  console.table(
    checks.map((c) => ({
      plan: c.plan,
      "client requests": c.client.requests,
      "stored events": c.stored.requests,
      "client 200s": c.client.answered,
      "stored 200s": c.stored.answered,
      "client tokens": c.client.tokens,
      "stored tokens": c.stored.tokens,
      match: c.matches ? "yes" : "NO",
    })),
  );
  const lost = checks.reduce(
    (sum, c) => sum + Math.max(0, c.client.requests - c.stored.requests),
    0,
  );
  console.log(
    checks.every((c) => c.matches)
      ? "usage: every request metered, totals equal (0 lost)"
      : `usage: MISMATCH (${lost} events missing)`,
  );
  process.exitCode = errors.length === 0 && checks.every((c) => c.matches) ? 0 : 1;
} finally {
  await cluster.stop();
}
