import type { EmulatorContext } from "./context";
import { ApiVersion } from "./version";

/** Top-level fields that differ, as Stripe reports them in `data.previous_attributes`. */
export function previousAttributes(before: object, after: object): Record<string, unknown> | null {
  const previous: Record<string, unknown> = {};
  const old = new Map(Object.entries(before));
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(old.get(key)) !== JSON.stringify(value))
      previous[key] = old.get(key) ?? null;
  }
  return Object.keys(previous).length > 0 ? previous : null;
}

export interface EventOrigin {
  requestId: string | null;
  idempotencyKey: string | null;
}

/** Records an event (a snapshot of the object now) and hands it to the webhook sender. */
export function emitEvent(
  ctx: EmulatorContext,
  type: string,
  object: object,
  origin: EventOrigin,
  previous: Record<string, unknown> | null = null,
): string {
  const id = ctx.state.newId("evt");
  ctx.state.data.events[id] = {
    id,
    created: ctx.state.now(),
    type,
    object: structuredClone(object),
    previousAttributes: previous,
    requestId: origin.requestId,
    idempotencyKey: origin.idempotencyKey,
  };
  ctx.events.deliver(id);
  return id;
}

export function renderEvent(ctx: EmulatorContext, id: string): Record<string, unknown> | null {
  const event = ctx.state.data.events[id];
  if (!event) return null;
  const data: Record<string, unknown> = { object: event.object };
  if (event.previousAttributes) data.previous_attributes = event.previousAttributes;
  return {
    id: event.id,
    object: "event",
    api_version: ApiVersion,
    created: event.created,
    data,
    livemode: false,
    pending_webhooks: 1,
    request: { id: event.requestId, idempotency_key: event.idempotencyKey },
    type: event.type,
  };
}
