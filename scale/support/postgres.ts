import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { run, runAsPostgres } from "./exec";
import { freePort } from "./ports";

/**
 * A throwaway PostgreSQL cluster of its own (never the machine's shared one on 5432), so fault
 * tests can stop and start it at will. Uses the system's PostgreSQL binaries; durability is off
 * because the data is thrown away.
 */
export class ThrowawayPostgres {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async create(settings: Record<string, string> = {}): Promise<ThrowawayPostgres> {
    const versions = readdirSync("/usr/lib/postgresql").sort((a, b) => Number(b) - Number(a));
    if (versions.length === 0) throw new Error("no PostgreSQL binaries under /usr/lib/postgresql");
    const bin = `/usr/lib/postgresql/${versions[0]}/bin`;
    const dir = mkdtempSync(path.join(os.tmpdir(), "darwaza-scale-pg-"));
    if (process.getuid?.() === 0) chownSync(dir, idOf("-u", "postgres"), idOf("-g", "postgres"));
    runAsPostgres(`${bin}/initdb`, [
      "-D",
      path.join(dir, "data"),
      "-A",
      "trust",
      "-U",
      "postgres",
      "--no-sync",
    ]);
    const server = new ThrowawayPostgres(dir, await freePort(), bin);
    server.settings = {
      listen_addresses: "127.0.0.1",
      unix_socket_directories: dir,
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      max_connections: "200",
      ...settings,
    };
    server.start();
    return server;
  }

  private settings: Record<string, string> = {};

  url(database = "postgres"): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  start(): void {
    const options = [
      `-p ${this.port}`,
      ...Object.entries(this.settings).map(([k, v]) => `-c ${k}=${v}`),
    ];
    runAsPostgres(`${this.bin}/pg_ctl`, [
      "-D",
      path.join(this.dir, "data"),
      "-o",
      options.join(" "),
      "-l",
      path.join(this.dir, "log"),
      "-w",
      "start",
    ]);
  }

  /** Fast stop: open connections are cut, as when a database server goes away. */
  stop(): void {
    runAsPostgres(`${this.bin}/pg_ctl`, [
      "-D",
      path.join(this.dir, "data"),
      "-m",
      "fast",
      "-w",
      "stop",
    ]);
  }

  async createDatabase(name: string): Promise<string> {
    const client = new pg.Client({ connectionString: this.url() });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name}"`);
    } finally {
      await client.end();
    }
    return this.url(name);
  }

  destroy(): void {
    try {
      this.stop();
    } catch {
      // Already stopped.
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The numeric id (`id -u` / `id -g`) of a system user. */
function idOf(flag: "-u" | "-g", user: string): number {
  return Number(run("id", [flag, user]).trim());
}
