import { costMicros, pkrText } from "@/lib/pricing/cost";
import type { TokenUsage } from "../upstreams/types";
import { type MeteredCall, ratesOf } from "./record";
import type { GatewayDeps } from "./types";

/** The call's cost in micro-rupees, on every non-streamed answer that was metered. */
export const COST_HEADER = "x-darwaza-cost-micros";

/** Endpoints whose JSON answers carry an OpenAI usage object, which gets `cost` (PKR). */
const USAGE_BODIES: ReadonlySet<string> = new Set(["chat.completions", "embeddings"]);

const USAGE_KEY = '"usage":{';
const USAGE_BYTES = Buffer.from(USAGE_KEY);

/**
 * Whether the object opened at `open` (a `{`) is the document's top-level member: after it
 * closes, the rest of the text closes exactly one more object, the document. Scans only the tail
 * (usage comes last in OpenAI's answers), honouring strings.
 */
function topLevel(text: string, open: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === -1) return text.slice(i + 1).trim() === "";
    }
  }
  return false;
}

/**
 * The JSON text with `"cost":<PKR>` first in its top-level usage object, or null when it has none.
 * Text, not parse-and-stringify: answers can be large (embeddings), and the rest stays byte-exact.
 */
export function insertCost(text: string, micros: number): string | null {
  const at = text.lastIndexOf(USAGE_KEY);
  if (at < 0 || !topLevel(text, at + USAGE_KEY.length - 1)) return null;
  const open = at + USAGE_KEY.length;
  const rest = text.charCodeAt(open) === 125 /* } */ ? "" : ",";
  return `${text.slice(0, open)}"cost":${pkrText(micros)}${rest}${text.slice(open)}`;
}

function insertCostBytes(body: Uint8Array, micros: number): Uint8Array | null {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const at = bytes.lastIndexOf(USAGE_BYTES);
  if (at < 0) return null;
  const tail = insertCost(bytes.toString("utf8", at), micros);
  return tail === null ? null : Buffer.concat([bytes.subarray(0, at), Buffer.from(tail)]);
}

/**
 * A metered, non-streamed answer as sent: the cost in COST_HEADER and, for chat and embeddings,
 * as usage.cost in the body (PKR; the same micros as the event stored for the call).
 */
export function withCost(
  endpoint: string,
  body: Uint8Array | string,
  micros: number,
  headers: Record<string, string>,
): Uint8Array | string {
  headers[COST_HEADER] = String(micros);
  if (!USAGE_BODIES.has(endpoint) || !headers["content-type"]?.includes("json")) return body;
  const priced =
    typeof body === "string" ? insertCost(body, micros) : insertCostBytes(body, micros);
  return priced ?? body;
}

const decoder = new TextDecoder();

/**
 * For a stream: the cost of its usage (at the price in force when the call started), and the
 * usage event's bytes with usage.cost added, as the client sees them.
 */
export function streamCost(deps: GatewayDeps, call: MeteredCall) {
  return (usage: TokenUsage, bytes: Uint8Array): Uint8Array => {
    const rates = ratesOf(deps, call);
    const micros = rates
      ? costMicros(rates, {
          tokensIn: usage.promptTokens,
          tokensOut: usage.completionTokens,
          cachedTokensIn: usage.cachedTokensIn,
        })
      : 0;
    const event = decoder.decode(bytes);
    const end = event.lastIndexOf("}");
    const start = event.indexOf("{");
    if (start < 0 || end < start) return bytes;
    const priced = insertCost(event.slice(start, end + 1), micros);
    return priced === null
      ? bytes
      : Buffer.from(`${event.slice(0, start)}${priced}${event.slice(end + 1)}`);
  };
}
