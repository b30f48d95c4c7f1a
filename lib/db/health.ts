import type pg from "pg";

export interface DatabaseHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export async function checkDatabase(pool: pg.Pool, timeoutMs = 2_000): Promise<DatabaseHealth> {
  const started = performance.now();
  try {
    await Promise.race([
      pool.query("SELECT 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs)),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    // Say what kind of failure, not the connection string or stack.
    const message = error instanceof Error ? error.message : "unreachable";
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: message.includes("timed out") ? "timed out" : "unreachable",
    };
  }
}
