import type Stripe from "stripe";
import { pathParam, type RequestContext, type Route } from "../context";
import { invalidRequest, missingParam, noSuch } from "../errors";
import { LIST_PARAMS, paginate } from "../list";
import type { MeterEventRecord, MeterRecord } from "../records";
import type { Sent } from "../sent";
import type { EmulatorState } from "../state";
import { findCustomer } from "./customers";

/**
 * Billing Meters (`/v1/billing/meters`), meter events (`/v1/billing/meter_events`) and their
 * summaries: what usage-based prices are billed from.
 */
export type MeterJson = Sent<Stripe.Billing.Meter>;
export type MeterEventJson = Sent<Stripe.Billing.MeterEvent>;
export type MeterEventSummaryJson = Sent<Stripe.Billing.MeterEventSummary>;

const DAY = 86_400;
const HOUR = 3_600;
/** Stripe refuses events older than 35 days or more than 5 minutes ahead. */
const MAX_PAST_S = 35 * DAY;
const MAX_FUTURE_S = 5 * 60;
/** Identifiers are unique over a rolling 24 hours, as Stripe promises at least. */
const IDENTIFIER_WINDOW_S = DAY;

export function renderMeter(record: MeterRecord): MeterJson {
  return {
    id: record.id,
    object: "billing.meter",
    created: record.created,
    customer_mapping: { event_payload_key: record.customerPayloadKey, type: "by_id" },
    default_aggregation: { formula: record.formula },
    display_name: record.displayName,
    event_name: record.eventName,
    event_time_window: record.eventTimeWindow,
    livemode: false,
    status: record.status,
    status_transitions: { deactivated_at: record.deactivatedAt },
    updated: record.updated,
    value_settings: { event_payload_key: record.valuePayloadKey },
  };
}

export function findMeter(state: EmulatorState, id: string, param = "id"): MeterRecord {
  const record = state.data.meters[id];
  if (!record) throw noSuch("billing.meter", id, param);
  return record;
}

/** The meter's aggregate of one customer's events with timestamps in [start, end). */
export function aggregate(
  state: EmulatorState,
  meter: MeterRecord,
  customer: string,
  start: number,
  end: number,
): bigint {
  const events = state.data.meterEvents.filter(
    (event) =>
      event.meter === meter.id &&
      event.customer === customer &&
      event.timestamp >= start &&
      event.timestamp < end,
  );
  if (meter.formula === "count") return BigInt(events.length);
  if (meter.formula === "last") {
    const last = [...events]
      .sort((a, b) => a.timestamp - b.timestamp || a.created - b.created)
      .at(-1);
    return last ? BigInt(last.value) : 0n;
  }
  return events.reduce((sum, event) => sum + BigInt(event.value), 0n);
}

function create(ctx: RequestContext): MeterJson {
  const { params, state } = ctx;
  const displayName = params.requiredString("display_name");
  const eventName = params.requiredString("event_name");
  const aggregation = params.object("default_aggregation");
  if (!aggregation) throw missingParam("default_aggregation");
  const formula = aggregation.oneOf("formula", ["count", "last", "sum"] as const);
  if (!formula) throw missingParam("default_aggregation[formula]");
  const taken = Object.values(state.data.meters).some(
    (meter) => meter.eventName === eventName && meter.status === "active",
  );
  if (taken) {
    throw invalidRequest(
      `An active meter with event_name \`${eventName}\` already exists.`,
      "event_name",
    );
  }
  const mapping = params.object("customer_mapping");
  if (mapping && mapping.oneOf("type", ["by_id"] as const) !== "by_id") {
    throw missingParam("customer_mapping[type]");
  }
  const id = state.newId("mtr_test", 24);
  const now = state.now();
  const record: MeterRecord = {
    id,
    created: now,
    updated: now,
    displayName,
    eventName,
    formula,
    customerPayloadKey: mapping?.requiredString("event_payload_key") ?? "stripe_customer_id",
    valuePayloadKey:
      params.object("value_settings")?.requiredString("event_payload_key") ?? "value",
    eventTimeWindow: params.oneOf("event_time_window", ["day", "hour"] as const) ?? null,
    status: "active",
    deactivatedAt: null,
  };
  state.data.meters[id] = record;
  return renderMeter(record);
}

function update(ctx: RequestContext): MeterJson {
  const record = findMeter(ctx.state, pathParam(ctx, "id"));
  const name = ctx.params.string("display_name");
  if (name) record.displayName = name;
  record.updated = ctx.state.now();
  return renderMeter(record);
}

function setStatus(ctx: RequestContext, status: MeterRecord["status"]): MeterJson {
  const record = findMeter(ctx.state, pathParam(ctx, "id"));
  if (record.status === status) {
    throw invalidRequest(`This meter is already ${status}.`, undefined, "meter_status_unchanged");
  }
  const now = ctx.state.now();
  record.status = status;
  record.deactivatedAt = status === "inactive" ? now : null;
  record.updated = now;
  return renderMeter(record);
}

function list(ctx: RequestContext) {
  const status = ctx.params.oneOf("status", ["active", "inactive"] as const);
  const records = Object.values(ctx.state.data.meters).filter(
    (meter) => !status || meter.status === status,
  );
  return paginate(ctx.state, records, ctx.params, "/v1/billing/meters", renderMeter);
}

function renderMeterEvent(record: MeterEventRecord): MeterEventJson {
  return {
    object: "billing.meter_event",
    created: record.created,
    event_name: record.eventName,
    identifier: record.identifier,
    livemode: false,
    payload: record.payload,
    timestamp: record.timestamp,
  };
}

/**
 * Records a meter event. An identifier already seen in the last 24 hours is a duplicate: Stripe
 * ignores it (the usage is counted once), and so does the emulator, answering with the event it
 * already holds.
 */
function createMeterEvent(ctx: RequestContext): MeterEventJson {
  const { params, state } = ctx;
  const now = state.now();
  const eventName = params.requiredString("event_name");
  const payloadParams = params.object("payload");
  if (!payloadParams) throw missingParam("payload");
  const payload: Record<string, string> = {};
  for (const key of Object.keys(payloadParams.raw)) {
    payload[key] = payloadParams.requiredString(key);
  }
  const identifier = params.string("identifier") ?? state.newId("mev", 24).slice(4);
  const earlier = state.data.meterEvents.find(
    (event) => event.identifier === identifier && event.created > now - IDENTIFIER_WINDOW_S,
  );
  if (earlier) return renderMeterEvent(earlier);
  const timestamp = params.integer("timestamp") ?? now;
  if (timestamp < now - MAX_PAST_S || timestamp > now + MAX_FUTURE_S) {
    throw invalidRequest(
      "The timestamp must be within the past 35 calendar days and no more than 5 minutes in the future.",
      "timestamp",
      "timestamp_outside_window",
    );
  }
  const meter = Object.values(state.data.meters).find(
    (candidate) => candidate.eventName === eventName && candidate.status === "active",
  );
  if (!meter) {
    throw invalidRequest(
      `No active meter was found for event_name \`${eventName}\`.`,
      "event_name",
      "meter_event_no_meter",
    );
  }
  const customerId = payload[meter.customerPayloadKey];
  if (!customerId) throw missingParam(`payload[${meter.customerPayloadKey}]`);
  findCustomer(state, customerId, `payload[${meter.customerPayloadKey}]`);
  const value = payload[meter.valuePayloadKey] ?? (meter.formula === "count" ? "1" : undefined);
  if (value === undefined) throw missingParam(`payload[${meter.valuePayloadKey}]`);
  if (!/^-?\d+$/.test(value)) {
    throw invalidRequest(
      `payload[${meter.valuePayloadKey}] must be a whole number.`,
      `payload[${meter.valuePayloadKey}]`,
      "meter_event_invalid_value",
    );
  }
  const record: MeterEventRecord = {
    identifier,
    created: now,
    eventName,
    meter: meter.id,
    customer: customerId,
    value: BigInt(value).toString(),
    timestamp,
    payload,
  };
  state.data.meterEvents.push(record);
  return renderMeterEvent(record);
}

/** Summaries per grouping window (or one for the whole range), oldest first as Stripe lists them. */
function eventSummaries(ctx: RequestContext) {
  const { params, state } = ctx;
  const meter = findMeter(state, pathParam(ctx, "id"));
  const customer = params.requiredString("customer");
  const start = params.integer("start_time");
  const end = params.integer("end_time");
  if (start === undefined) throw missingParam("start_time");
  if (end === undefined) throw missingParam("end_time");
  const window = params.oneOf("value_grouping_window", ["day", "hour"] as const);
  const step = window === "day" ? DAY : window === "hour" ? HOUR : null;
  const align = step ?? 60;
  if (start % align !== 0 || end % align !== 0) {
    throw invalidRequest(
      `start_time and end_time must be aligned to ${window ?? "minute"} boundaries.`,
      start % align !== 0 ? "start_time" : "end_time",
    );
  }
  if (end <= start) throw invalidRequest("end_time must be after start_time.", "end_time");
  const ranges: [number, number][] = [];
  if (step === null) ranges.push([start, end]);
  else for (let from = start; from < end; from += step) ranges.push([from, from + step]);
  const summaries = ranges.map(([from, to]) => ({
    id: `mtrusg_${meter.id.slice(-12)}_${customer.slice(-8)}_${from}`,
    object: "billing.meter_event_summary" as const,
    aggregated_value: Number(aggregate(state, meter, customer, from, to)),
    end_time: to,
    livemode: false,
    meter: meter.id,
    start_time: from,
  }));
  const records = summaries.map((summary, index) => ({ ...summary, index }));
  const url = `/v1/billing/meters/${meter.id}/event_summaries`;
  const limit = params.integer("limit") ?? 10;
  const after = params.string("starting_after");
  const from = after ? records.findIndex((record) => record.id === after) + 1 : 0;
  const page = records.slice(from, from + limit);
  return {
    object: "list" as const,
    data: page.map(({ index: _index, ...summary }): MeterEventSummaryJson => summary),
    has_more: from + limit < records.length,
    url,
  };
}

export const meterRoutes: Route[] = [
  {
    method: "POST",
    path: "/v1/billing/meters",
    allowed: [
      "display_name",
      "event_name",
      "default_aggregation",
      "customer_mapping",
      "value_settings",
      "event_time_window",
    ],
    mutates: true,
    handle: create,
  },
  {
    method: "GET",
    path: "/v1/billing/meters",
    allowed: [...LIST_PARAMS, "status"],
    mutates: false,
    handle: list,
  },
  {
    method: "GET",
    path: "/v1/billing/meters/:id",
    allowed: [],
    mutates: false,
    handle: (ctx) => renderMeter(findMeter(ctx.state, pathParam(ctx, "id"))),
  },
  {
    method: "POST",
    path: "/v1/billing/meters/:id",
    allowed: ["display_name"],
    mutates: true,
    handle: update,
  },
  {
    method: "POST",
    path: "/v1/billing/meters/:id/deactivate",
    allowed: [],
    mutates: true,
    handle: (ctx) => setStatus(ctx, "inactive"),
  },
  {
    method: "POST",
    path: "/v1/billing/meters/:id/reactivate",
    allowed: [],
    mutates: true,
    handle: (ctx) => setStatus(ctx, "active"),
  },
  {
    method: "GET",
    path: "/v1/billing/meters/:id/event_summaries",
    allowed: [...LIST_PARAMS, "customer", "start_time", "end_time", "value_grouping_window"],
    mutates: false,
    handle: eventSummaries,
  },
  {
    method: "POST",
    path: "/v1/billing/meter_events",
    allowed: ["event_name", "payload", "identifier", "timestamp"],
    mutates: true,
    handle: createMeterEvent,
  },
];
