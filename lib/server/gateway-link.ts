import { randomUUID } from "node:crypto";
import { forwardCacheChanges } from "@/lib/keys/cache";
import {
  type GatewayMessage,
  type GatewayQueries,
  type GatewayQuery,
  isMessage,
  WEB_PROCESS_ENV,
  type WebMessage,
} from "./web-ipc";

/**
 * The web process's side of its channel to the gateway process (see web-ipc.ts). Outside a web
 * process (`next dev`, tests) there is no gateway process: askGateway answers null and the caller
 * reads this process's own state.
 */
const ASK_TIMEOUT_MS = 2_000;
// The custom server's bundle and Next's each load this module: ids must not collide.
const instance = randomUUID().slice(0, 8);
let asked = 0;
const waiting = new Map<string, (value: unknown) => void>();

/** Whether this is a web process forked by a gateway process (whose state it must not duplicate). */
export function linked(): boolean {
  return process.env[WEB_PROCESS_ENV] === "1" && typeof process.send === "function";
}

function send(message: WebMessage): void {
  process.send?.(message);
}

function onMessage(message: unknown): void {
  if (!isMessage<GatewayMessage>(message) || message.type !== "darwaza:answer") return;
  waiting.get(message.id)?.(message.value);
}

/** What the gateway process answers, or null outside a web process (or if it does not answer). */
export function askGateway<Q extends GatewayQuery>(query: Q): Promise<GatewayQueries[Q] | null> {
  if (!linked()) return Promise.resolve(null);
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
}

/**
 * In the web process: every key or account invalidated here (a revoke, a plan change) is
 * invalidated in the gateway process too. The message is written before the response that
 * reports the change, so the client's next API call finds the gateway's cache already evicted
 * (the invalidation poller is the backstop, within a second).
 */
export function linkToGateway(): void {
  if (!linked()) return;
  forwardCacheChanges((change) => send({ type: "darwaza:invalidate", change }));
}

export function announceWebReady(): void {
  send({ type: "darwaza:web-ready" });
}
