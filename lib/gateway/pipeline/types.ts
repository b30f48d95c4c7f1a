import type { Authenticator, Principal } from "../auth/authenticate";
import type { GatewayRequest } from "../http/types";
import type { Limiter } from "../limits/types";
import type { MaybePromise } from "../maybe";
import type { Consumption } from "../metering/cost";
import type { UsageEventRow } from "../metering/types";
import type { StreamPiece } from "../upstreams/client";
import type { ResolvedModel, UpstreamRegistry } from "../upstreams/registry";

/** Everything a gateway instance works with; tests build instances with their own. */
export interface GatewayDeps {
  auth: Authenticator;
  limiter: Limiter;
  meter: { record(event: UsageEventRow): void; flush(): Promise<boolean> };
  lastUsed: { touch(keyId: string, at: number): void };
  registry: UpstreamRegistry;
  timeZone: string;
  maxBodyBytes: number;
}

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
  model: ResolvedModel | null;
  /** Counted against the request limits (false for listings and the usage summary). */
  counted: boolean;
  /** Tokens to reserve, for token-metered calls. */
  tokens: { prompt: number; maxOutput: number } | null;
  /**
   * Run with the output tokens the limiter granted (≤ tokens.maxOutput). In-process upstreams
   * answer synchronously: no promise on the hot path.
   */
  run(grantedOutput: number): MaybePromise<Outcome>;
}

export interface Endpoint {
  /** The usage_events.endpoint label. */
  name: string;
  method: "GET" | "POST";
  prepare(ctx: CallContext): MaybePromise<Prepared>;
}
