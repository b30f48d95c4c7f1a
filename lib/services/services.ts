import type pg from "pg";
import { type CounterStore, CounterStores } from "@/lib/auth/throttle-store";
import { env } from "@/lib/config/env";
import { type Database, openDatabase } from "@/lib/db/client";
import { directControl, type GatewayControl } from "@/lib/gateway/control";
import type { Gateway } from "@/lib/gateway/gateway";

/**
 * What a process builds once and hands to everything that needs it. Each process has one
 * composition root that builds these: server/main.ts (the gateway process), server/web.ts (the
 * web process), and for `next dev` and tests buildServices() with its defaults.
 */
export interface Services {
  readonly database: Database;
  /** The gateway's key cache and routing status, as code outside the gateway may reach them. */
  readonly control: GatewayControl;
  /**
   * This process's gateway, built (by the factory given at build, else by `factory`) and started
   * on first use. The web process of `npm start` has none (the gateway process answers /api/v1):
   * asking there throws.
   */
  gateway(factory?: GatewayFactory): Gateway;
  /** Attempt counters for sign-in, sign-up and admin-token throttles (Redis, else memory). */
  counters(): CounterStore;
  /** Write the gateway's queued usage and stop it; a later gateway() builds a fresh one. */
  stopGateway(timeoutMs?: number): Promise<void>;
  /** stopGateway, then close the database. */
  close(timeoutMs?: number): Promise<void>;
}

/** Builds a gateway on a pool: lib/gateway/process-gateway.ts, passed in so that processes and
 * bundles without a gateway (the web process's pages) never load the gateway's code. */
export type GatewayFactory = (pool: () => pg.Pool) => Gateway;

export interface ServicesOptions {
  /** Default: DATABASE_URL. */
  databaseUrl?: string;
  /**
   * How code reaches the gateway's state: by default directly, this process's own gateway; the
   * web process passes its IPC link to the gateway process, and then runs no gateway itself.
   */
  control?: GatewayControl;
  /** How this process's gateway is built (the gateway process's root passes it). */
  gateway?: GatewayFactory;
}

export function buildServices(options: ServicesOptions = {}): Services {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (the server sets it when it starts)");
  const database = openDatabase(url, { poolSize: Number(process.env.DARWAZA_DB_POOL_SIZE ?? 10) });
  const ownsGateway = options.control === undefined;
  let current: Gateway | null = null;
  let stopping: Promise<void> | null = null;
  const counters = new CounterStores();

  const gateway = (factory?: GatewayFactory): Gateway => {
    // A copy in the web process would keep limits of its own beside the gateway process's.
    if (!ownsGateway)
      throw new Error("The web process never runs a gateway: /api/v1 is the gateway process's.");
    if (!current) {
      const build = options.gateway ?? factory;
      if (!build) throw new Error("No gateway factory: pass one to buildServices or gateway()");
      current = build(() => database.pool);
      void current.start();
    }
    return current;
  };
  const stopGateway = async (timeoutMs?: number): Promise<void> => {
    const running = current;
    if (running) {
      current = null;
      // A second caller waits for the same drain instead of returning before it is done.
      stopping = running.stop(timeoutMs).finally(() => {
        stopping = null;
      });
    }
    await stopping;
  };
  return {
    database,
    control: options.control ?? directControl(() => current),
    gateway,
    counters: () => counters.current(env().REDIS_URL),
    stopGateway,
    async close(timeoutMs) {
      await stopGateway(timeoutMs);
      counters.close();
      await database.close();
    },
  };
}
