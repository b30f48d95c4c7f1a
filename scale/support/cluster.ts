import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { request } from "./http";
import { Instance } from "./instance";
import { Nginx } from "./nginx";
import { freePort } from "./ports";
import { ThrowawayPostgres } from "./postgres";
import { ThrowawayRedis } from "./redis";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface ClusterOptions {
  instances?: number;
  /** Extra environment for every instance. */
  env?: Record<string, string>;
  /** Skip Redis entirely (limits in memory). */
  redis?: boolean;
}

export interface CreatedKey {
  key: string;
  id: string;
  accountId: string;
  /** The owner's email (a new user per key). */
  email: string;
}

/**
 * The tested multi-instance layout: nginx (deploy/nginx.conf) → N `npm start` instances on their
 * own ports → one PostgreSQL database and one Redis, all throwaway and owned by this cluster, so
 * tests may stop any piece. The build is made once beforehand (scale/global-setup.ts); the
 * instances are told not to build, so several never race to write .next.
 */
export class Cluster {
  private db: pg.Pool | null = null;

  private constructor(
    readonly dir: string,
    readonly postgres: ThrowawayPostgres,
    readonly redis: ThrowawayRedis | null,
    readonly databaseUrl: string,
    readonly instances: Instance[],
    readonly nginx: Nginx,
    readonly adminToken: string,
    /** DARWAZA_SECRET of every instance (tests sign session cookies with it). */
    readonly secret: string,
  ) {}

  static async start(options: ClusterOptions = {}): Promise<Cluster> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "darwaza-scale-"));
    const postgres = await ThrowawayPostgres.create();
    const redis = options.redis === false ? null : await ThrowawayRedis.create();
    const databaseUrl = await postgres.createDatabase("darwaza");
    const count = options.instances ?? 2;
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const secret = randomBytes(32).toString("base64url");
    const adminToken = randomBytes(24).toString("base64url");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DARWAZA_SKIP_BUILD: "1",
      DATABASE_URL: databaseUrl,
      ...(redis ? { REDIS_URL: redis.url } : {}),
      DARWAZA_SECRET: secret,
      DARWAZA_ADMIN_TOKEN: adminToken,
      DARWAZA_INSTANCES: String(count),
      DARWAZA_USAGE_FLUSH_MS: "250",
      DARWAZA_SHUTDOWN_TIMEOUT_MS: "15000",
      ...options.env,
    };
    const instances = ports.map(
      (port, i) =>
        new Instance({
          name: `app${i + 1}`,
          port,
          root: ROOT,
          dir: path.join(dir, `app${i + 1}`),
          env,
        }),
    );
    // The first alone, then the rest at once. Migrations are advisory-locked, but the first
    // admin's creation (lib/auth/bootstrap-admin.ts → createUserWithAccount) is not: two instances
    // starting together on an empty database race on users.email and one exits with P2002.
    try {
      await instances[0].start();
      await Promise.all(instances.slice(1).map((instance) => instance.start()));
      const nginx = await Nginx.start(ROOT, ports);
      return new Cluster(dir, postgres, redis, databaseUrl, instances, nginx, adminToken, secret);
    } catch (error) {
      // A half-started cluster must not leave servers running behind a failed test.
      await Promise.all(instances.map((instance) => instance.stop().catch(() => null)));
      redis?.destroy();
      postgres.destroy();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get url(): string {
    return this.nginx.url;
  }

  instanceUrl(index: number): string {
    return `http://127.0.0.1:${this.instances[index].port}`;
  }

  /** A pg pool on the cluster's database (recreated lazily; survives database restarts). */
  pool(): pg.Pool {
    if (!this.db) {
      this.db = new pg.Pool({ connectionString: this.databaseUrl, max: 4 });
      this.db.on("error", () => {});
    }
    return this.db;
  }

  async query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
    const { rows } = await this.pool().query<T>(sql, params);
    return rows;
  }

  /** A key on a new account through the admin key API (through nginx, like any automation). */
  async createKey(plan = "free", label = "scale test"): Promise<CreatedKey> {
    const email = `scale-${randomBytes(5).toString("hex")}@example.test`;
    const reply = await request(`${this.url}/api/admin/keys`, {
      method: "POST",
      headers: { authorization: `Bearer ${this.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({ email, label, plan }),
    });
    if (reply.status !== 201)
      throw new Error(`creating a key failed: ${reply.status} ${reply.body}`);
    const created = JSON.parse(reply.body) as { key: string; id: string; account_id: string };
    return { key: created.key, id: created.id, accountId: created.account_id, email };
  }

  async revokeKey(id: string): Promise<number> {
    const reply = await request(`${this.url}/api/admin/keys/${id}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${this.adminToken}` },
    });
    return reply.status;
  }

  /** Usage events stored for an account, by HTTP status. */
  async usageByStatus(accountId: string): Promise<Record<number, number>> {
    const rows = await this.query<{ status: number; n: number }>(
      "SELECT status, count(*)::int AS n FROM usage_events WHERE account_id = $1 GROUP BY status",
      [accountId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /** Polls until the account has `expected` events with status 200 (or the time is up). */
  async waitForUsage(
    accountId: string,
    expected200: number,
    timeoutMs = 15_000,
  ): Promise<Record<number, number>> {
    const deadline = Date.now() + timeoutMs;
    let counts: Record<number, number> = {};
    while (Date.now() < deadline) {
      counts = await this.usageByStatus(accountId).catch(() => counts);
      if ((counts[200] ?? 0) >= expected200) return counts;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return counts;
  }

  /**
   * Start instance `index` again (after it stopped or was killed) on the same port, optionally with
   * changed environment; nginx finds it again by itself.
   */
  async restart(index: number, env: Record<string, string> = {}): Promise<Instance> {
    const previous = this.instances[index];
    await previous.stop();
    const next = new Instance({ ...previous.options, env: { ...previous.options.env, ...env } });
    await next.start();
    this.instances[index] = next;
    return next;
  }

  async stop(): Promise<void> {
    await this.nginx.stop().catch(() => {});
    await Promise.all(this.instances.map((instance) => instance.stop().catch(() => null)));
    await this.db?.end().catch(() => {});
    this.redis?.destroy();
    this.postgres.destroy();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
