import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type EmulatorData, emptyData, upgradeData } from "./records";

const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const IDEMPOTENCY_TTL_S = 24 * 60 * 60;
const MAX_EVENTS = 1_000;
/** Meter events older than any billing period (a year) plus slack are never aggregated again. */
const METER_EVENT_TTL_S = 400 * 24 * 60 * 60;

/** Stripe-style ids: a type prefix and random base62 (`cus_…`, `sub_…`, `cs_test_…`). */
export function stripeId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = "";
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return `${prefix}_${id}`;
}

/**
 * The emulator's whole world, in memory, written to one JSON file after every change (atomically,
 * via rename) so `npm start` keeps test-mode customers and subscriptions across restarts. One
 * process owns the file: run one instance in test mode.
 */
export class EmulatorState {
  data: EmulatorData;

  constructor(
    private readonly file: string | null,
    private readonly clock: () => number = Date.now,
  ) {
    this.data = file && existsSync(file) ? this.load(file) : emptyData();
  }

  private load(file: string): EmulatorData {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    const base = emptyData();
    if (
      typeof parsed !== "object" ||
      parsed === null ||
      !("version" in parsed) ||
      parsed.version !== 1
    ) {
      return base;
    }
    // Tables added in later versions of the emulator start empty.
    return upgradeData({ ...base, ...(parsed as Partial<EmulatorData>) });
  }

  /** Unix seconds, as in every Stripe timestamp. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  newId(prefix: string, length?: number): string {
    const id = stripeId(prefix, length);
    this.data.order[id] = ++this.data.seq;
    return id;
  }

  orderOf(id: string): number {
    return this.data.order[id] ?? 0;
  }

  nextInvoiceNumber(prefix: string): string {
    this.data.invoiceCounter += 1;
    return `${prefix}-${String(this.data.invoiceCounter).padStart(4, "0")}`;
  }

  save(): void {
    this.prune();
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  /** Idempotency keys live 24 hours in Stripe; old events are dropped to bound the file. */
  private prune(): void {
    const cutoff = this.now() - IDEMPOTENCY_TTL_S;
    for (const [key, record] of Object.entries(this.data.idempotency)) {
      if (record.created < cutoff) delete this.data.idempotency[key];
    }
    const meterCutoff = this.now() - METER_EVENT_TTL_S;
    this.data.meterEvents = this.data.meterEvents.filter((event) => event.timestamp >= meterCutoff);
    const events = Object.keys(this.data.events);
    if (events.length <= MAX_EVENTS) return;
    events.sort((a, b) => this.orderOf(a) - this.orderOf(b));
    for (const id of events.slice(0, events.length - MAX_EVENTS)) {
      delete this.data.events[id];
      delete this.data.order[id];
    }
  }
}
