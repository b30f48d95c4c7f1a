import http from "node:http";
import path from "node:path";
import next from "next";
import { mailer } from "@/app/mailer";
import { emulatorHandles, handleEmulatorRequest } from "@/lib/billing/emulator-mount";
import { startBilling } from "@/lib/billing/runtime";
import { env } from "@/lib/config/env";
import { trustedProxies } from "@/lib/config/trusted-proxies";
import { CLIENT_IP_HEADER, clientAddress } from "@/lib/http/client-ip";
import { refuseApiV1 } from "@/lib/server/api-v1-refusal";
import { frontDoorRoute } from "@/lib/server/front-door";
import { announceWebReady, gatewayLink } from "@/lib/server/gateway-link";
import { refuseOversizedBody, serverOptions } from "@/lib/server/http-limits";
import { applySecurityHeaders } from "@/lib/server/security-headers";
import { trackConnections } from "@/lib/server/shutdown";
import { type GatewayMessage, isMessage, PEER_HEADER, WEB_SOCKET_ENV } from "@/lib/server/web-ipc";
import { buildServices, provideServices } from "@/lib/services";
import { startWebhooks } from "@/lib/webhooks/runtime";

/**
 * The web process: pages, the portal, admin, webhooks and (in test mode) the Stripe emulator, on
 * a Unix socket that only the gateway process which forked it (server/main.ts) connects to. The
 * gateway process prepared everything first (database, migrations, secrets, the build) and passed
 * it down in the environment. It stops when the gateway process says so, or is gone.
 */
const root = path.resolve(import.meta.dirname, "..");

async function main(): Promise<void> {
  const config = env();
  const socketPath = process.env[WEB_SOCKET_ENV];
  if (!socketPath)
    throw new Error(`${WEB_SOCKET_ENV} is not set: server/web.ts is started by server/main.ts`);
  // This process's composition root: its database, and the gateway process's control over IPC
  // (the web process runs no gateway). Provided before Next loads, whose bundles read it.
  const services = buildServices({ control: gatewayLink() });
  provideServices(services);
  // Until it can stop gracefully, a web process whose gateway process is gone just exits.
  let shutdown: () => Promise<void> = async () => process.exit(0);
  process.on("disconnect", () => void shutdown());
  if (!process.connected) process.exit(0);

  const app = next({ dev: false, dir: root, hostname: "localhost", port: config.PORT });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const billing = startBilling();
  const webhooks = startWebhooks(mailer());

  const trusted = trustedProxies(config.DARWAZA_TRUSTED_PROXIES);
  const server = http.createServer(serverOptions(), (req, res) => {
    const peer = req.headers[PEER_HEADER];
    delete req.headers[PEER_HEADER];
    applySecurityHeaders(req, res, false, config.DARWAZA_PUBLIC_URL);
    req.headers[CLIENT_IP_HEADER] = clientAddress(
      typeof peer === "string" && peer !== "" ? peer : undefined,
      req.headers["x-forwarded-for"],
      trusted,
    );
    // The gateway process answers /api/v1, however spelt: this process never runs a gateway.
    if (frontDoorRoute(req.url ?? "/").gateway) {
      refuseApiV1(req, res);
      return;
    }
    // Test mode only (no STRIPE_SECRET_KEY): the local Stripe emulator's API and hosted pages.
    if (emulatorHandles(req.url ?? "")) {
      connections.track(handleEmulatorRequest(req, res));
      return;
    }
    if (refuseOversizedBody(req, res, config.DARWAZA_MAX_BODY_BYTES)) return;
    connections.track(handleNext(req, res));
  });
  const connections = trackConnections(server);
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  announceWebReady();

  let stopping = false;
  shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await connections.drain(config.DARWAZA_SHUTDOWN_TIMEOUT_MS);
    await Promise.all([billing.stop(), webhooks.stop()]).catch(() => {});
    await app.close().catch(() => {});
    await services.close().catch(() => {});
    process.exit(0);
  };
  process.on("message", (message: unknown) => {
    if (isMessage<GatewayMessage>(message) && message.type === "darwaza:web-stop") void shutdown();
  });
  if (!process.connected) void shutdown();
  // A Ctrl-C reaches the whole process group: the gateway process decides when this one stops
  // (after the requests it is proxying here are answered).
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => {});
  }
}

main().catch((error: unknown) => {
  console.error("Darwaza: the web process failed to start:", error);
  process.exit(1);
});
