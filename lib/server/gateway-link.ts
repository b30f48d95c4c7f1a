import { randomUUID } from "node:crypto";
import type { GatewayControl } from "@/lib/gateway/control";
import {
  type GatewayMessage,
  type GatewayQueries,
  type GatewayQuery,
  isMessage,
  WEB_PROCESS_ENV,
  type WebMessage,
} from "./web-ipc";

/**
 * The web process's side of its channel to the gateway process (see web-ipc.ts): GatewayControl
 * over IPC. Built once by the web process's root (server/web.ts).
 */
const ASK_TIMEOUT_MS = 2_000;

/** Whether this is a web process forked by a gateway process (whose state it must not duplicate). */
export function linked(): boolean {
  return process.env[WEB_PROCESS_ENV] === "1" && typeof process.send === "function";
}

function send(message: WebMessage): void {
  process.send?.(message);
}

/**
 * The gateway process's control, from its web process. An invalidation is written to the channel
 * before the response that reports the change, so the client's next API call finds the gateway's
 * cache already evicted (the invalidation poller is the backstop, within a second).
 */
export function gatewayLink(): GatewayControl {
  // Ids must not collide between two links in one process (a web process restarted in tests).
  const instance = randomUUID().slice(0, 8);
  let asked = 0;
  const waiting = new Map<string, (value: unknown) => void>();
  const onMessage = (message: unknown): void => {
    if (!isMessage<GatewayMessage>(message) || message.type !== "darwaza:answer") return;
    waiting.get(message.id)?.(message.value);
  };
  /** What the gateway process answers, or null if it does not answer in time. */
  const ask = <Q extends GatewayQuery>(query: Q): Promise<GatewayQueries[Q] | null> => {
    if (waiting.size === 0) process.on("message", onMessage);
    const id = `${instance}:${++asked}`;
    return new Promise((resolve) => {
      const done = (value: unknown) => {
        clearTimeout(timer);
        waiting.delete(id);
        if (waiting.size === 0) process.off("message", onMessage);
        resolve(value as GatewayQueries[Q] | null);
      };
      const timer = setTimeout(() => done(null), ASK_TIMEOUT_MS);
      waiting.set(id, done);
      send({ type: "darwaza:ask", id, query });
    });
  };
  return {
    invalidate: (change) => send({ type: "darwaza:invalidate", change }),
    routingStatus: async () => (await ask("routing-status")) ?? [],
  };
}

export function announceWebReady(): void {
  send({ type: "darwaza:web-ready" });
}
