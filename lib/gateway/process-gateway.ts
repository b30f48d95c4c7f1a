import type { Pool } from "pg";
import { type Env, env } from "@/lib/config/env";
import { mailSettings } from "@/lib/mail/settings";
import { cacheOptionsFromEnv } from "./cache/create";
import { createGateway, type Gateway } from "./gateway";
import { loadUpstreams } from "./upstreams/config";

/** The gateway a process serves /api/v1 with, configured from its environment. */
export function createProcessGateway(pool: () => Pool, config: Env = env()): Gateway {
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
