import { type Budget, TOKENIZE_BUDGET_CHARS, textTokens } from "./tokenizer";

/**
 * A reservation takes the bytes bound (byte-level BPE never makes more tokens than UTF-8 bytes)
 * unless it exceeds this share of the day's quota: tokenizing costs microseconds per message.
 */
const BOUND_SHARE = 1 / 64;

/** OpenAI's documented image costs: detail low 85; otherwise 85 + 170 per 512 px tile, 8 at most. */
const IMAGE_LOW_DETAIL = 85;
const IMAGE_HIGH_DETAIL_MAX = 85 + 170 * 8;

/**
 * Audio input costs ~10 tokens a second; bytes per token at the lowest rates a file plausibly has:
 * PCM WAV 8 kHz 8-bit (8,000 B/s), compressed 8 kbit/s (1,000 B/s).
 */
const WAV_BYTES_PER_TOKEN = 800;
const COMPRESSED_BYTES_PER_TOKEN = 100;

/** ChatML's framing: per message (role and separators), and the reply's priming. */
const PER_MESSAGE = 4;
const PER_REPLY = 3;

/**
 * Text and fixed costs gathered from a request, then counted once: exactly with o200k, or by
 * bytes for a reservation that bound cannot matter to; past `limit` (the day's quota) counting
 * stops, since such a call is refused whatever its exact count.
 */
class TokenTally {
  private readonly texts: string[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  fixed = 0;

  text(value: string): void {
    if (value.length === 0) return;
    const size = Buffer.byteLength(value);
    this.texts.push(value);
    this.sizes.push(size);
    this.bytes += size;
  }

  json(value: unknown): void {
    if (typeof value === "string") this.text(value);
    else if (value !== undefined && value !== null) this.text(JSON.stringify(value));
  }

  total(limit: number | null, exact: boolean): number {
    if (!exact && (limit === null || this.bytes <= limit * BOUND_SHARE))
      return this.fixed + this.bytes;
    const budget: Budget = { chars: TOKENIZE_BUDGET_CHARS };
    let total = this.fixed;
    for (let i = 0; i < this.texts.length; i++) {
      if (limit !== null && total > limit) return limit + 1;
      const tokens = textTokens(
        this.texts[i],
        limit === null ? null : limit - total,
        budget,
        this.sizes[i],
      );
      if (tokens === false) return limit === null ? total : limit + 1;
      total += tokens;
    }
    return limit !== null && total > limit ? limit + 1 : total;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Decoded bytes of base64 text. */
const base64Bytes = (data: unknown) => (typeof data === "string" ? (data.length * 3) >> 2 : 0);

function addPart(tally: TokenTally, part: unknown): void {
  if (!isRecord(part)) {
    tally.json(part);
  } else if (part.type === "text" && typeof part.text === "string") {
    tally.text(part.text);
  } else if (part.type === "image_url") {
    const detail = isRecord(part.image_url) ? part.image_url.detail : undefined;
    tally.fixed += detail === "low" ? IMAGE_LOW_DETAIL : IMAGE_HIGH_DETAIL_MAX;
  } else if (part.type === "input_audio" && isRecord(part.input_audio)) {
    const { data, format } = part.input_audio;
    const perToken = format === "wav" ? WAV_BYTES_PER_TOKEN : COMPRESSED_BYTES_PER_TOKEN;
    tally.fixed += Math.ceil(base64Bytes(data) / perToken);
  } else {
    // Files, refusals and parts of kinds unknown here: all they carry, as text.
    tally.json(part);
  }
}

function addMessage(tally: TokenTally, message: unknown): void {
  tally.fixed += PER_MESSAGE;
  if (!isRecord(message)) {
    tally.json(message);
    return;
  }
  for (const key in message) {
    const value = message[key];
    if (key !== "content") tally.json(value);
    else if (Array.isArray(value)) for (const part of value) addPart(tally, part);
    else tally.json(value);
  }
}

function promptTally(body: Record<string, unknown>): TokenTally {
  const tally = new TokenTally();
  tally.fixed = PER_REPLY;
  for (const key in body) {
    const value = body[key];
    if (key === "messages" && Array.isArray(value)) {
      for (const message of value) addMessage(tally, message);
    } else if (key !== "model" && typeof value !== "number" && typeof value !== "boolean") {
      tally.json(value);
    }
  }
  return tally;
}

function inputTally(inputs: readonly (string | number[])[]): TokenTally {
  const tally = new TokenTally();
  for (const input of inputs) {
    if (typeof input === "string") tally.text(input);
    else tally.fixed += input.length;
  }
  return tally;
}

/**
 * The prompt tokens to reserve for a chat request: everything an upstream may template into the
 * prompt — each message's role, name, content (text; images and audio at their documented cost),
 * tool calls; tool and function definitions, response_format's schema, stop sequences, and every
 * other field but the model and plain numbers and booleans. At least what the upstream bills,
 * give or take the tokenizer's error; past `limit` (the day's quota) it stops and returns more.
 */
export function estimatePromptTokens(body: Record<string, unknown>, limit: number | null): number {
  return promptTally(body).total(limit, false);
}

/** The same prompt counted exactly with o200k: billed when an upstream reports no usage. */
export function countPromptTokens(body: Record<string, unknown>): number {
  return promptTally(body).total(null, true);
}

/** The input tokens to reserve for an embeddings request: texts like prompts, ids one each. */
export function estimateInputTokens(
  inputs: readonly (string | number[])[],
  limit: number | null,
): number {
  return inputTally(inputs).total(limit, false);
}

/** The same inputs counted exactly with o200k. */
export function countInputTokens(inputs: readonly (string | number[])[]): number {
  return inputTally(inputs).total(null, true);
}
