import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { run } from "./exec";
import { freePort, waitForPort } from "./ports";

/** A throwaway redis-server on its own port (never the shared 6379), stopped and started at will. */
export class ThrowawayRedis {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async create(): Promise<ThrowawayRedis> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "darwaza-scale-redis-"));
    const redis = new ThrowawayRedis(await freePort(), dir);
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    run("redis-server", [
      "--port",
      String(this.port),
      "--bind",
      "127.0.0.1",
      "--daemonize",
      "yes",
      "--save",
      "",
      "--appendonly",
      "no",
      "--dir",
      this.dir,
      "--pidfile",
      path.join(this.dir, "redis.pid"),
      "--logfile",
      path.join(this.dir, "redis.log"),
    ]);
    await waitForPort(this.port, 5_000);
  }

  /** SHUTDOWN NOSAVE: the server is gone with its counters, as after a crash without persistence. */
  stop(): void {
    try {
      run("redis-cli", ["-p", String(this.port), "shutdown", "nosave"]);
    } catch {
      // redis-cli reports the dropped connection of a successful shutdown as an error on some versions.
    }
  }

  flushAll(): void {
    run("redis-cli", ["-p", String(this.port), "flushall"]);
  }

  destroy(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
