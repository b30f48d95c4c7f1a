import net from "node:net";

export const TEST_REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";

/** Whether something accepts TCP connections at this redis:// URL (within a second). */
export function redisReachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Whether the Redis tests can run. Without Redis they are skipped with a loud warning — except
 * under CI=true, where a missing Redis is a failure.
 */
export async function redisForTests(): Promise<boolean> {
  if (await redisReachable(TEST_REDIS_URL)) return true;
  if (process.env.CI === "true")
    throw new Error(`Redis is required under CI=true but ${TEST_REDIS_URL} is unreachable`);
  console.warn(`\n!!! Redis unreachable at ${TEST_REDIS_URL}: SKIPPING Redis limiter tests !!!\n`);
  return false;
}
