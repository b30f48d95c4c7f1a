import type { Cluster } from "./cluster";
import { countStatuses, type Reply } from "./http";

/**
 * The accounting check every scale test ends with: the usage events stored for an account match,
 * status by status, the responses the test client counted — in particular every 200 has exactly
 * one event. Waits for the instances' batched flushes (and, after a fault, for recovery).
 */
export async function expectUsageMatches(
  cluster: Cluster,
  accountId: string,
  replies: readonly Reply[],
  timeoutMs = 15_000,
): Promise<{ client: Record<number, number>; stored: Record<number, number> }> {
  const client = countStatuses(replies.filter((reply) => reply.status !== 0));
  const total = Object.values(client).reduce((sum, n) => sum + n, 0);
  const deadline = Date.now() + timeoutMs;
  let stored: Record<number, number> = {};
  while (Date.now() < deadline) {
    stored = await cluster.usageByStatus(accountId).catch(() => stored);
    const storedTotal = Object.values(stored).reduce((sum, n) => sum + n, 0);
    if (storedTotal >= total && (stored[200] ?? 0) >= (client[200] ?? 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { client, stored };
}
