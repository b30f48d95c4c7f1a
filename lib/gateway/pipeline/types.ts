import type { Pool } from "pg";
import type { PriceBook } from "@/lib/pricing/book";
import type { Crossing } from "../alerts/thresholds";
import type { Authenticator, Principal } from "../auth/authenticate";
import type { ResponseCache } from "../cache/types";
import type { SpentAllowances } from "../credit/spent-allowances";
import type { SpendStore } from "../credit/types";
import type { GatewayRequest, GatewayResponse } from "../http/types";
import type { Limiter } from "../limits/types";
import type { Consumption } from "../metering/cost";
import type { UsageEventRow } from "../metering/types";
import type { RoutingRegistry } from "../routing/registry";
import type { StreamPiece } from "../upstreams/client";
import type { ResolvedModel } from "../upstreams/registry";

/** Everything a gateway instance works with; tests build instances with their own. */
export interface GatewayDeps {
  auth: Authenticator;
  limiter: Limiter;
  /** Credit and spend caps past the allowance (lib/gateway/credit); null: past it is a 429. */
  spend: SpendStore | null;
  /** Accounts whose requests per day are spent today (skips a check they would fail). */
  spentAllowances?: SpentAllowances;
  meter: { record(event: UsageEventRow): void; flush(): Promise<boolean> };
  /** Daily-allowance thresholds crossed, written as alerts in batches (lib/gateway/alerts). */
  alerts?: { add(crossings: readonly Crossing[]): void };
  /** When and from where (the client address) each key was last used, written in batches. */
  lastUsed: { touch(keyId: string, at: number, ip: string): void };
  /** The gateway's database, for the few reads off the hot path (GET /usage). */
  pool: () => Pool;
  /** Replaced as a whole when console-edited routing changes (a request keeps the one it read). */
  registry: RoutingRegistry;
  /** Prices in memory (lib/pricing), kept fresh by a poller: a call reads the version in force at its start. */
  prices: PriceBook;
  /** Custom endpoints by path after /api/v1 (e.g. "/x/sentiment"); replaced like the registry. */
  custom: ReadonlyMap<string, Endpoint>;
  /** The response cache, null when off (DARWAZA_CACHE_TTL_SECONDS=0). */
  cache: ResponseCache | null;
  cacheTtlMs: number;
  timeZone: string;
  maxBodyBytes: number;
  /** Answers GET /api/v1/openapi.json without a key (lib/openapi); absent: that path is a 404. */
  reference?: { answer(deps: GatewayDeps, request: GatewayRequest): GatewayResponse };
}

/** What metering needs of a call's model: its name, price and the upstream that served it. */
export type MeteredModel = Pick<ResolvedModel, "model" | "upstream">;

export interface CallContext {
  request: GatewayRequest;
  requestId: string;
  startedAt: number;
  principal: Principal;
  deps: GatewayDeps;
  /** Path parameters (e.g. the model id of /models/{id}). */
  params: Record<string, string>;
}

/** A finished, buffered answer and what it consumed. */
export interface DoneOutcome {
  kind: "done";
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
  use: Consumption;
  /** Token counts estimated by the gateway (the upstream reported none). */
  estimated?: boolean;
  /** False for an answer passed through but not billed (a custom endpoint's non-2xx). */
  billed?: boolean;
}

/** A Server-Sent Events answer, metered when it ends. */
export interface StreamOutcome {
  kind: "stream";
  headers: Record<string, string>;
  pieces: AsyncIterable<StreamPiece>;
  promptEstimate: number;
}

export type Outcome = DoneOutcome | StreamOutcome;

/** A validated request, ready to be admitted and run. */
export interface Prepared {
  model: MeteredModel | null;
  /** Counted against the request limits (false for listings and the usage summary). */
  counted: boolean;
  /** Tokens to reserve, for token-metered calls. */
  tokens: {
    prompt: number;
    maxOutput: number;
    /**
     * The prompt counted exactly, not stopped at the day's token limit (`prompt` stops there,
     * enough to refuse): what a call paid past the allowance holds, so credit covers its charge.
     */
    fullPrompt?: () => number;
  } | null;
  /**
   * For answers the response cache may hold: the request as the key sees it (`body`,
   * canonicalised) and its JSON fields for the deterministic check (temperature, stream);
   * `deterministic` when the same request always gets the same answer (embeddings).
   */
  cache?: { body: unknown; fields: Record<string, unknown> | null; deterministic?: boolean };
  /** Run with the output tokens the limiter granted (≤ tokens.maxOutput); may answer at once. */
  run(grantedOutput: number): Outcome | Promise<Outcome>;
}

export interface Endpoint {
  /** The usage_events.endpoint label. */
  name: string;
  method: "GET" | "POST";
  /** The pipeline reads and parses the JSON body and passes it to prepare as `json`. */
  json?: boolean;
  prepare(ctx: CallContext, json?: unknown): Prepared | Promise<Prepared>;
  /** What the API reference says of an endpoint that is data, not code (custom endpoints). */
  docs?: { summary: string; description: string };
}
