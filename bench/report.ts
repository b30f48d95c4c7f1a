import type { LoadResult } from "./load";

function row(result: LoadResult): string {
  const rps = Math.round(result.requestsPerSecond).toLocaleString("en-US").padStart(9);
  const failures = result.errors + result.non2xx;
  return `${result.name.padEnd(44)} ${rps} req/s   p50 ${String(result.p50).padStart(5)} ms   p99 ${String(result.p99).padStart(6)} ms${failures ? `   (${failures} failed)` : ""}`;
}

export interface Verdict {
  lines: string[];
  ok: boolean;
}

/** The table and the goals of issue 3: gateway ≥ 50% of bare with p99 ≤ 10 ms; Next mount ≥ 80% of a trivial Next route. */
export function report(r: {
  bare: LoadResult;
  gateway: LoadResult;
  ceiling: LoadResult;
  /** The reference writing no usage events. */
  unmetered: LoadResult;
  /** npm start with DARWAZA_WORKERS=2 (null without Redis). */
  workers: LoadResult | null;
  nextGet: LoadResult;
  nextPing: LoadResult;
  nextGateway: LoadResult;
  customPing: LoadResult;
  /** The gateway under the same load while clients load pages, and those pages. */
  underPages: { gateway: LoadResult; pages: LoadResult };
}): Verdict {
  const gatewayRatio = r.gateway.requestsPerSecond / r.bare.requestsPerSecond;
  const nextRatio = r.nextGateway.requestsPerSecond / r.nextPing.requestsPerSecond;
  const ceilingRatio = r.ceiling.requestsPerSecond / r.bare.requestsPerSecond;
  const clean = [
    r.bare,
    r.gateway,
    r.ceiling,
    r.unmetered,
    r.nextPing,
    r.nextGateway,
    r.underPages.gateway,
    r.underPages.pages,
    ...(r.workers ? [r.workers] : []),
  ].every((x) => x.errors + x.non2xx === 0);
  const goals = [
    [
      `gateway / bare node:http throughput = ${(gatewayRatio * 100).toFixed(0)}% (goal ≥ 50%)`,
      gatewayRatio >= 0.5,
    ],
    [`gateway p99 = ${r.gateway.p99} ms (goal ≤ 10 ms)`, r.gateway.p99 <= 10],
    [
      `Next-mounted /api/v1 / trivial Next POST route = ${(nextRatio * 100).toFixed(0)}% (goal ≥ 80%)`,
      nextRatio >= 0.8,
    ],
    ["no failed requests", clean],
  ] as const;
  const lines = [
    "",
    row(r.bare),
    row(r.gateway),
    row(r.ceiling),
    row(r.unmetered),
    ...(r.workers ? [row(r.workers)] : []),
    row(r.customPing),
    row(r.underPages.gateway),
    row(r.underPages.pages),
    row(r.nextGet),
    row(r.nextPing),
    row(r.nextGateway),
    "",
    ...goals.map(([text, ok]) => `${ok ? "PASS" : "FAIL"}  ${text}`),
    ...(r.workers
      ? [
          `info  gateway with 2 workers / bare node:http (one process) = ${((r.workers.requestsPerSecond / r.bare.requestsPerSecond) * 100).toFixed(0)}%, p99 ${r.workers.p99} ms`,
        ]
      : []),
    `info  gateway while pages render / gateway alone = ${((r.underPages.gateway.requestsPerSecond / r.gateway.requestsPerSecond) * 100).toFixed(0)}%, p99 ${r.underPages.gateway.p99} ms`,
    `info  least metered gateway / bare = ${(ceilingRatio * 100).toFixed(0)}%, gateway / least metered gateway = ${((r.gateway.requestsPerSecond / r.ceiling.requestsPerSecond) * 100).toFixed(0)}%`,
    `info  reference writing usage / the same writing none = ${((r.ceiling.requestsPerSecond / r.unmetered.requestsPerSecond) * 100).toFixed(0)}% (the cost of metering into this machine's Postgres)`,
  ];
  return { lines, ok: goals.every(([, ok]) => ok) };
}
