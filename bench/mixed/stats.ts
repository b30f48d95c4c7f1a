/** Latency and outcome tallies for one kind of request in the load run. */
export class Tally {
  readonly latencies: number[] = [];
  readonly statuses: Record<number, number> = {};

  add(status: number, latencyMs: number): void {
    this.statuses[status] = (this.statuses[status] ?? 0) + 1;
    if (status === 200) this.latencies.push(latencyMs);
  }

  get count(): number {
    return Object.values(this.statuses).reduce((sum, n) => sum + n, 0);
  }

  percentile(p: number): number {
    if (this.latencies.length === 0) return Number.NaN;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

export function row(name: string, tally: Tally, seconds: number) {
  const ms = (value: number) => (Number.isNaN(value) ? "-" : value.toFixed(1));
  return {
    traffic: name,
    requests: tally.count,
    "req/s": Math.round(tally.count / seconds),
    "p50 ms": ms(tally.percentile(50)),
    "p95 ms": ms(tally.percentile(95)),
    "p99 ms": ms(tally.percentile(99)),
    statuses: JSON.stringify(tally.statuses),
  };
}
