import type { z } from "zod";
import { badRequest } from "../errors";
import { jsonNestingExceeds, MAX_JSON_DEPTH } from "../http/json-depth";
import type { CallContext } from "../pipeline/types";

const decoder = new TextDecoder();
const BOM = 0xfeff;

/**
 * The body as text. A Buffer (the node:http mount) decodes with its own UTF-8 decoder, cheaper
 * than TextDecoder there (npm run bench:profile); like TextDecoder, it drops a leading byte-order
 * mark and replaces invalid sequences (JSON.parse then refuses them or keeps U+FFFD in a string).
 */
function bodyText(bytes: Uint8Array): string {
  if (!Buffer.isBuffer(bytes)) return decoder.decode(bytes);
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === BOM ? text.slice(1) : text;
}

/** The JSON body: 413 past the size limit (reading stops there), 400 when it is not JSON. */
export async function readJson(ctx: CallContext): Promise<unknown> {
  return parseJson(await ctx.request.readBody(ctx.deps.maxBodyBytes));
}

export function parseJson(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw badRequest("The request body is empty; expected a JSON object.");
  const text = bodyText(bytes);
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
    throw badRequest(
      `The JSON body nests more than ${MAX_JSON_DEPTH} levels deep.`,
      null,
      "json_too_deep",
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest(
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
      null,
      "invalid_json",
    );
  }
}

function paramOf(path: PropertyKey[]): string | null {
  if (path.length === 0) return null;
  return path
    .map((part, i) =>
      typeof part === "number" ? `[${part}]` : `${i === 0 ? "" : "."}${String(part)}`,
    )
    .join("");
}

/** Validate with zod; the first problem becomes a 400 that names the field (OpenAI's `param`). */
export function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const param = paramOf(issue.path);
  if (param === null)
    throw badRequest(`The request body must be a JSON object (${issue.message}).`);
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) {
    throw badRequest(
      `Missing required parameter: '${param}'.`,
      param,
      "missing_required_parameter",
    );
  }
  const code = issue.code === "invalid_type" ? "invalid_type" : "invalid_value";
  throw badRequest(`Invalid value for '${param}': ${issue.message}.`, param, code);
}
