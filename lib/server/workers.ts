import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import type { Env } from "@/lib/config/env";

/**
 * `DARWAZA_WORKERS`: how many processes serve the port (Node's cluster: the primary hands each
 * connection to a worker, each worker is a whole Darwaza — gateway and web app). One process uses
 * one core; "auto" means one worker per core.
 */
export function workerCount(setting: string): number {
  return setting === "auto" ? os.availableParallelism() : Number(setting);
}

/**
 * Why this configuration cannot run several workers, or null. Workers are instances on one port,
 * so they need what several instances need: limits and the response cache in Redis (in memory
 * each worker would allow the whole plan), and real Stripe (the test-mode emulator keeps its
 * customers and subscriptions in one process's memory).
 */
export function workersRefused(
  config: Pick<Env, "REDIS_URL" | "STRIPE_SECRET_KEY">,
): string | null {
  if (!config.REDIS_URL)
    return "DARWAZA_WORKERS: more than one worker needs REDIS_URL, so that the workers share one count of every limit.";
  if (!config.STRIPE_SECRET_KEY)
    return "DARWAZA_WORKERS: more than one worker needs STRIPE_SECRET_KEY; the test-mode Stripe emulator runs in a single process.";
  return null;
}

/** What a worker tells the primary once it listens. */
export const WORKER_READY = "darwaza:worker-ready";

export function announceWorkerReady(): void {
  process.send?.(WORKER_READY);
}

export interface PrimaryOptions {
  count: number;
  /** Added to the workers' environment (the database URL the primary settled on, say). */
  env: Record<string, string>;
  log: (line: string) => void;
  /** Printed once, when every worker first listens. */
  readyLine: string;
  /** After the last worker exited on a stop (the embedded database is stopped here). */
  onStopped: () => Promise<void>;
}

/**
 * The primary: fork the workers, print ready when all listen, restart a worker that dies while
 * serving (a worker that dies before it ever listened stops everything: a configuration error
 * would otherwise loop), and on SIGTERM/SIGINT pass SIGTERM to every worker — each drains its
 * requests and writes its usage — then exit 0 when all of them exited cleanly.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { count, env, log } = options;
  let stopping = false;
  let ready = 0;
  let announced = false;
  const fork = (): Worker => {
    const worker = cluster.fork(env);
    let listening = false;
    worker.on("message", (message: unknown) => {
      if (message !== WORKER_READY || listening) return;
      listening = true;
      ready++;
      if (ready === count && !announced) {
        announced = true;
        log(options.readyLine);
      }
    });
    worker.once("exit", (code, signal) => {
      if (stopping) return;
      if (!listening) {
        log(`Darwaza: a worker failed to start (${signal ?? `exit ${code}`}); stopping.`);
        void stop(1);
        return;
      }
      log(
        `Darwaza: worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another.`,
      );
      ready--;
      fork();
    });
    return worker;
  };
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    const codes = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<number>((resolve) => {
            if (worker.isDead()) return resolve(worker.process.exitCode ?? 1);
            worker.once("exit", (code) => resolve(code ?? 1));
            worker.process.kill("SIGTERM");
          }),
      ),
    );
    await options.onStopped().catch(() => {});
    const clean = codes.every((code) => code === 0);
    if (exitCode === 0)
      log(clean ? "Darwaza: stopped cleanly." : "Darwaza: a worker did not stop cleanly.");
    process.exit(exitCode === 0 && clean ? 0 : 1);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {
      log(`Darwaza: ${signal} received, stopping ${count} workers …`);
      void stop(0);
    });
  }
  for (let i = 0; i < count; i++) fork();
}
