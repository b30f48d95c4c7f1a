import { Webhook } from "standardwebhooks";
import type { Agent } from "undici";
import type { Resolver } from "@/lib/gateway/routing/url-policy";
import type { GuardedRequestInit } from "@/lib/gateway/upstreams/remote/fetch";
import { checkWebhookUrl } from "./url-guard";

/** One webhook as the Standard Webhooks spec frames it: the body and what signs it. */
export interface OutgoingWebhook {
  /** The event id: the same on every attempt, so receivers can drop repeats. */
  eventId: string;
  type: string;
  createdAt: Date;
  data: unknown;
  url: string;
  /** `whsec_…`, decrypted for this send only. */
  secret: string;
}

export type SendResult =
  | { ok: true; status: number }
  | { ok: false; status: number | null; error: string };

const TIMEOUT_MS = 10_000;

/** The body every receiver gets: `{ type, timestamp, data }`. */
export function webhookBody(hook: Pick<OutgoingWebhook, "type" | "createdAt" | "data">): string {
  return JSON.stringify({
    type: hook.type,
    timestamp: hook.createdAt.toISOString(),
    data: hook.data,
  });
}

/**
 * Sign with the maintained `standardwebhooks` library and POST, checking the address again (the
 * name may have moved inside since it was saved; an IP literal never reaches the lookup guard).
 * Any 2xx is a delivery; anything else, a timeout or a refused address is a failed attempt.
 */
export async function sendWebhook(
  hook: OutgoingWebhook,
  options: { agent: Agent; allowHosts: readonly string[]; resolve?: Resolver; now?: Date },
): Promise<SendResult> {
  const verdict = await checkWebhookUrl(hook.url, options.allowHosts, options.resolve);
  if (!verdict.ok) return { ok: false, status: null, error: `address refused: ${verdict.reason}` };
  const body = webhookBody(hook);
  const sentAt = options.now ?? new Date();
  const signature = new Webhook(hook.secret).sign(hook.eventId, sentAt, body);
  try {
    const init: GuardedRequestInit = {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Darwaza-Webhooks/1",
        "webhook-id": hook.eventId,
        "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
        "webhook-signature": signature,
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      dispatcher: options.agent,
    };
    const response = await fetch(verdict.url, init);
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300)
      return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `answered ${response.status}` };
  } catch (error) {
    return { ok: false, status: null, error: failureText(error) };
  }
}

function failureText(error: unknown): string {
  const parts: string[] = [];
  for (let e = error, depth = 0; e && depth < 4; depth++) {
    if (e instanceof Error) parts.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return (parts.join(": ") || "could not connect").slice(0, 300);
}
