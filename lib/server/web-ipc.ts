import type { CacheChange, UpstreamStatus } from "@/lib/gateway/control";

/**
 * What the gateway process (server/main.ts) and its web process (server/web.ts: Next, the
 * portal, admin, webhooks) say to each other over the IPC channel of `fork`: the web process's
 * GatewayControl calls (gateway-link.ts) and their answers (web-process.ts), and the lifecycle.
 */
export interface GatewayQueries {
  "routing-status": UpstreamStatus[];
}
export type GatewayQuery = keyof GatewayQueries;

export type WebMessage =
  | { type: "darwaza:web-ready" }
  | { type: "darwaza:invalidate"; change: CacheChange }
  | { type: "darwaza:ask"; id: string; query: GatewayQuery };

export type GatewayMessage =
  | { type: "darwaza:answer"; id: string; value: unknown }
  | { type: "darwaza:web-stop" };

/** Set in the web process's environment: it was forked by a gateway process and may ask it. */
export const WEB_PROCESS_ENV = "DARWAZA_WEB_PROCESS";
/** The Unix socket the web process listens on (the gateway process proxies to it). */
export const WEB_SOCKET_ENV = "DARWAZA_WEB_SOCKET";
/** The client's socket address, as the gateway process saw it (replaces whatever a client sent). */
export const PEER_HEADER = "x-darwaza-peer";

export function isMessage<T extends { type: string }>(message: unknown): message is T {
  return (
    typeof message === "object" &&
    message !== null &&
    typeof (message as { type?: unknown }).type === "string" &&
    (message as { type: string }).type.startsWith("darwaza:")
  );
}
