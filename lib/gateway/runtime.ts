import { env } from "@/lib/config/env";
import { pool } from "@/lib/db/client";
import { mailSettings } from "@/lib/mail/settings";
import { isWebProcess } from "@/lib/server/process-role";
import { cacheOptionsFromEnv } from "./cache/create";
import { createGateway, type Gateway } from "./gateway";
import { loadUpstreams } from "./upstreams/config";

/**
 * The process's gateway, on globalThis: one key cache, limiter and usage queue however many
 * copies of this module a process loads (Next's bundles, `next dev`'s reloads). Under `npm start`
 * it lives in the gateway process (server/main.ts); the web process asks that one for its state.
 */
const KEY = Symbol.for("darwaza.gateway.runtime");
const STOPPING = Symbol.for("darwaza.gateway.stopping");
type Holder = { [KEY]?: Gateway; [STOPPING]?: Promise<void> };

function create(): Gateway {
  // Under `npm start` the gateway process owns the limits: a copy here would count apart.
  if (isWebProcess())
    throw new Error("The web process never runs a gateway: /api/v1 is the gateway process's.");
  const config = env();
  return createGateway({
    pool,
    upstreams: loadUpstreams(),
    redisUrl: config.REDIS_URL ?? null,
    instances: config.DARWAZA_INSTANCES,
    timeZone: config.DARWAZA_TIMEZONE,
    maxBodyBytes: config.DARWAZA_MAX_BODY_BYTES,
    flushMs: config.DARWAZA_USAGE_FLUSH_MS,
    shutdownTimeoutMs: config.DARWAZA_SHUTDOWN_TIMEOUT_MS,
    dataDir: config.DARWAZA_DATA_DIR,
    cache: cacheOptionsFromEnv(config),
    requireVerifiedEmail: mailSettings(config).requireVerification,
  });
}

/** The running gateway, created and started on first use (so `next dev` works without startGateway). */
export function runtimeGateway(): Gateway {
  const holder = globalThis as Holder;
  let gateway = holder[KEY];
  if (!gateway) {
    gateway = create();
    holder[KEY] = gateway;
    void gateway.start();
  }
  return gateway;
}

/**
 * Start background work (usage flusher, key-cache invalidation, Redis connection) and resolve
 * once the limits hold today's usage. Idempotent.
 */
export async function startGateway(): Promise<void> {
  await runtimeGateway().start();
}

/**
 * After the server stopped accepting and in-flight requests ended: write every queued usage
 * event, close Redis. Idempotent; a later request would start a fresh gateway.
 */
export async function stopGateway(timeoutMs?: number): Promise<void> {
  const holder = globalThis as Holder;
  const gateway = holder[KEY];
  if (gateway) {
    delete holder[KEY];
    // A second caller waits for the same drain instead of returning before it is done.
    holder[STOPPING] = gateway.stop(timeoutMs).finally(() => {
      delete holder[STOPPING];
    });
  }
  await holder[STOPPING];
}
