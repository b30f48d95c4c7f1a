import { z } from "zod";
import { badRequest, GatewayError } from "../errors";
import type { GatewayRequest } from "../http/types";
import { today } from "../limits/calendar";
import { countPromptTokens, estimatePromptTokens } from "../limits/estimate";
import type { CallContext, Endpoint, Outcome, Prepared, StreamOutcome } from "../pipeline/types";
import type { ChatCall, ChatReply, StreamPiece } from "../upstreams/client";
import { validate } from "./body";

const message = z.looseObject({
  role: z.enum(["system", "developer", "user", "assistant", "tool", "function"]),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() })), z.null()]).optional(),
});

/** OpenAI's bound on `n`. */
const MAX_CHOICES = 128;

const positiveInt = z.number().int().min(1).nullable().optional();

/** Fields the gateway reads are checked; everything else passes through to the upstream. */
export const chatSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  max_tokens: positiveInt,
  max_completion_tokens: positiveInt,
  n: z.number().int().min(1).max(MAX_CHOICES).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
});

/** Output tokens reserved when nothing bounds them but a daily token quota applies. */
const DEFAULT_MAX_OUTPUT = 4096;

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
};

/**
 * What is left of the day's tokens is less than one per choice: a 429 like an exhausted quota
 * (the reservation is released on the way out, so fewer choices may still fit).
 */
function quotaTooSmallFor(choices: number, ctx: CallContext): GatewayError {
  const dayEnd = today(ctx.startedAt, ctx.deps.timeZone).endMs;
  return new GatewayError(
    429,
    `Your remaining daily token quota cannot cover ${choices} choices; ask for fewer (n) or try again tomorrow.`,
    {
      type: "insufficient_quota",
      code: "insufficient_quota",
      param: "n",
      headers: { "retry-after": String(Math.max(1, Math.ceil((dayEnd - ctx.startedAt) / 1000))) },
    },
  );
}

/**
 * The call an upstream gets; its abort signal and exact prompt count are made only when used.
 * A class: getters in an object literal give every call its own hidden class, which keeps each
 * request's context alive until a full GC (npm run bench:profile; bench/README.md).
 */
class UpstreamChatCall implements ChatCall {
  private counted = -1;

  constructor(
    readonly body: Record<string, unknown>,
    readonly stream: boolean,
    readonly clientWantsUsage: boolean,
    readonly requestId: string,
    private readonly request: GatewayRequest,
  ) {}

  get signal(): AbortSignal {
    return this.request.signal;
  }

  get promptEstimate(): number {
    if (this.counted < 0) this.counted = countPromptTokens(this.body);
    return this.counted;
  }
}

/** A streamed answer; its prompt estimate is the call's, counted only if the stream reports none. */
class ChatStream implements StreamOutcome {
  readonly kind = "stream";
  readonly headers = { ...SSE_HEADERS };

  constructor(
    readonly pieces: AsyncIterable<StreamPiece>,
    private readonly call: UpstreamChatCall,
  ) {}

  get promptEstimate(): number {
    return this.call.promptEstimate;
  }
}

type ChatBody = z.output<typeof chatSchema>;

const ROLES: ReadonlySet<unknown> = new Set(message.shape.role.options);

const absentOr = (value: unknown, ok: (value: unknown) => boolean) =>
  value === undefined || value === null || ok(value);
const isCount = (value: unknown, max: number) =>
  Number.isInteger(value) && (value as number) >= 1 && (value as number) <= max;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The common request — string contents, plain numbers — checked without zod: on the hot path
 * zod's generic walk costs more than the rest of the request's validation and parsing together
 * (npm run bench:profile). Only what chatSchema surely accepts passes; anything else, including every
 * invalid body, goes through chatSchema, which names the field at fault.
 */
export function isPlainChat(json: unknown): json is ChatBody {
  if (!isObject(json) || typeof json.model !== "string" || json.model.length === 0) return false;
  const { messages } = json;
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const entry of messages) {
    if (!isObject(entry) || !ROLES.has(entry.role)) return false;
    if (!absentOr(entry.content, (content) => typeof content === "string")) return false;
  }
  return (
    absentOr(json.max_tokens, (value) => isCount(value, Number.MAX_SAFE_INTEGER)) &&
    absentOr(json.max_completion_tokens, (value) => isCount(value, Number.MAX_SAFE_INTEGER)) &&
    absentOr(json.n, (value) => isCount(value, MAX_CHOICES)) &&
    absentOr(json.stream, (value) => typeof value === "boolean") &&
    absentOr(
      json.stream_options,
      (value) =>
        isObject(value) &&
        (value.include_usage === undefined || typeof value.include_usage === "boolean"),
    )
  );
}

function prepare(ctx: CallContext, json: unknown): Prepared {
  return prepareChat(ctx, isPlainChat(json) ? json : validate(chatSchema, json));
}

function prepareChat(ctx: CallContext, body: ChatBody): Prepared {
  const { principal, deps } = ctx;
  const resolved = deps.registry.resolve(body.model, "chat", principal);
  const cap = principal.limits.maxTokensPerRequest;
  const asked = body.max_completion_tokens ?? body.max_tokens ?? null;
  // A larger max_tokens is clamped to the plan's cap, not refused; absent means the cap.
  let maxOutput: number | null = asked ?? cap;
  if (maxOutput !== null && cap !== null) maxOutput = Math.min(maxOutput, cap);
  if (maxOutput === null && principal.limits.tokensPerDay !== null) maxOutput = DEFAULT_MAX_OUTPUT;
  // max_tokens bounds each of the n choices, so the reservation covers all of them.
  const choices = body.n ?? 1;
  const prompt = estimatePromptTokens(body, principal.limits.tokensPerDay);
  const stream = body.stream === true;
  const clientWantsUsage = body.stream_options?.include_usage === true;
  if (!stream && body.stream_options) {
    throw badRequest("stream_options is only allowed when stream is true.", "stream_options");
  }

  function outcomeOf(reply: ChatReply, call: UpstreamChatCall): Outcome {
    if (!reply.stream) {
      return {
        kind: "done",
        status: 200,
        headers: { "content-type": "application/json" },
        body: reply.body,
        use: {
          tokensIn: reply.usage.promptTokens,
          tokensOut: reply.usage.completionTokens,
          cachedTokensIn: reply.usage.cachedTokensIn,
        },
        estimated: reply.estimated,
      };
    }
    return new ChatStream(reply.pieces, call);
  }

  function run(granted: number): Outcome | Promise<Outcome> {
    const upstreamBody: Record<string, unknown> = { ...body, model: resolved.model.upstreamModel };
    if (maxOutput !== null) {
      const field = body.max_completion_tokens != null ? "max_completion_tokens" : "max_tokens";
      const perChoice = Math.min(maxOutput, Math.floor(granted / choices));
      if (perChoice < 1) throw quotaTooSmallFor(choices, ctx);
      upstreamBody[field] = perChoice;
    }
    const call = new UpstreamChatCall(
      upstreamBody,
      stream,
      clientWantsUsage,
      ctx.requestId,
      ctx.request,
    );
    const reply = resolved.client.chat(call);
    return reply instanceof Promise
      ? reply.then((r) => outcomeOf(r, call))
      : outcomeOf(reply, call);
  }

  return {
    model: resolved,
    counted: true,
    tokens: {
      prompt,
      maxOutput: (maxOutput ?? 0) * choices,
      fullPrompt: () => countPromptTokens(body),
    },
    cache: { body, fields: body },
    run,
  };
}

export const chatCompletions: Endpoint = {
  name: "chat.completions",
  method: "POST",
  json: true,
  prepare,
};
