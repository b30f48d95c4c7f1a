import { createHmac } from "node:crypto";
import type { EventSink } from "./context";

/** Stripe's scheme: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<payload>")>`. */
export function signPayload(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac("sha256", secret)
    .update(`${timestamp}.${payload}`, "utf8")
    .digest("hex");
  return `t=${timestamp},v1=${signature}`;
}

export interface DeliveryAttempt {
  eventId: string;
  type: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: number;
}

export interface WebhookSenderOptions {
  /** Where events go (read at each attempt, so the app's port may be known late). */
  endpoint: () => string | null;
  secret: () => string;
  /** The event's JSON as Stripe sends it, or null if it no longer exists. */
  render: (eventId: string) => Record<string, unknown> | null;
  /** Waits before each retry; Stripe backs off over three days, the emulator over about an hour. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

const DEFAULT_RETRIES = [1_000, 5_000, 30_000, 120_000, 600_000, 1_800_000];
const LOG_SIZE = 200;

/**
 * Sends each event as its own POST, concurrently, so the app sees them in no guaranteed order —
 * as with Stripe — and retries any that get no 2xx.
 */
export class WebhookSender implements EventSink {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waiters: (() => void)[] = [];
  private stopped = false;
  readonly log: DeliveryAttempt[] = [];

  constructor(private readonly options: WebhookSenderOptions) {}

  deliver(eventId: string): void {
    this.schedule(eventId, 0, 0);
  }

  /** Resolves once nothing is being sent or waiting for a retry. */
  idle(): Promise<void> {
    if (this.inFlight.size === 0 && this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.settle();
  }

  private schedule(eventId: string, attempt: number, delayMs: number): void {
    if (this.stopped) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const sending = this.send(eventId, attempt).finally(() => {
        this.inFlight.delete(sending);
        this.settle();
      });
      this.inFlight.add(sending);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private settle(): void {
    if (this.inFlight.size > 0 || this.timers.size > 0) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  private record(entry: DeliveryAttempt): void {
    this.log.push(entry);
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
  }

  private async send(eventId: string, attempt: number): Promise<void> {
    const event = this.options.render(eventId);
    const endpoint = this.options.endpoint();
    if (!event || !endpoint) return;
    const payload = JSON.stringify(event, null, 2);
    // Each attempt is signed afresh with the time it is sent, as Stripe does.
    const signature = signPayload(payload, this.options.secret(), Math.floor(Date.now() / 1000));
    const type = String(event.type);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
          "stripe-signature": signature,
          "cache-control": "no-cache",
        },
        body: payload,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
    this.record({ eventId, type, attempt, status, error, at: Date.now() });
    if (status !== null && status >= 200 && status < 300) return;
    const delays = this.options.retryDelaysMs ?? DEFAULT_RETRIES;
    const delay = delays[attempt];
    if (delay !== undefined) this.schedule(eventId, attempt + 1, delay);
  }
}
