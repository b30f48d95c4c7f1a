import { env } from "@/lib/config/env";
import { pool } from "@/lib/services";
import { cacheOptionsFromEnv } from "../cache/create";
import { createGateway, type Gateway, type GatewayOptions } from "../gateway";
import { nodeHandler } from "../http/node";
import { loadUpstreams } from "../upstreams/config";
import { type RunningServer, startServer } from "./servers";

/** A gateway instance of the test's own (e.g. two "app instances" on one Redis), configured from env. */
export function testGateway(options: Partial<GatewayOptions> = {}): Gateway {
  const config = env();
  const gateway = createGateway({
    pool,
    upstreams: loadUpstreams(),
    redisUrl: null,
    instances: 1,
    timeZone: config.DARWAZA_TIMEZONE,
    maxBodyBytes: config.DARWAZA_MAX_BODY_BYTES,
    flushMs: config.DARWAZA_USAGE_FLUSH_MS,
    shutdownTimeoutMs: 5_000,
    dataDir: config.DARWAZA_DATA_DIR,
    cache: cacheOptionsFromEnv(config),
    ...options,
  });
  gateway.start();
  return gateway;
}

/** The gateway behind its own node:http server. */
export async function serveGateway(gateway: Gateway): Promise<RunningServer> {
  return startServer(nodeHandler(() => gateway));
}
