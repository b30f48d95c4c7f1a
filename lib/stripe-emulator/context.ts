import type { Params } from "./params";
import type { EmulatorState } from "./state";

/** Receives each event the emulator records, to deliver it to the webhook endpoint. */
export interface EventSink {
  deliver(eventId: string): void;
}

export interface EmulatorContext {
  state: EmulatorState;
  /** Public base URL of the emulator's hosted pages (checkout, portal, invoices). */
  baseUrl: string;
  events: EventSink;
}

export interface RequestContext extends EmulatorContext {
  params: Params;
  /** Values of `:name` segments in the matched route. */
  path: Record<string, string>;
  requestId: string;
  idempotencyKey: string | null;
}

export type Method = "GET" | "POST" | "DELETE";

export interface Route {
  method: Method;
  /** e.g. "/v1/customers/:id" */
  path: string;
  /** Top-level parameters the endpoint accepts (plus `expand`); others are a 400 as in Stripe. */
  allowed: readonly string[];
  /** Whether the call changes state (persisted and replayed by idempotency key). */
  mutates: boolean;
  handle(ctx: RequestContext): unknown;
}

export function pathParam(ctx: RequestContext, name: string): string {
  return ctx.path[name] ?? "";
}
