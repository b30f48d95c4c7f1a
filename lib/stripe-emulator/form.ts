import { invalidRequest } from "./errors";

/**
 * Stripe's v1 API takes application/x-www-form-urlencoded bodies (and query strings) with
 * bracketed keys: `metadata[account_id]=a`, `line_items[0][price]=p`, `expand[]=customer`.
 * This decodes them into nested objects the way Stripe does, so the emulator sees the same
 * parameters the SDK meant to send.
 */
export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/** Stripe nests parameters a few levels (metadata, line_items[0][price_data][…]); more is refused. */
const MAX_SEGMENTS = 16;

function segmentsOf(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) {
    segments.push(match[1] ?? "");
    // The nested objects are walked recursively afterwards: refuse before the stack overflows.
    if (segments.length > MAX_SEGMENTS)
      throw invalidRequest(`The parameter ${segments[0]} is nested too deeply.`, segments[0]);
  }
  return segments;
}

function assign(target: FormObject, segments: string[], value: string): void {
  let node = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i] ?? "";
    // `a[]` appends: give each value its own numeric slot so arrays keep their order.
    const key = segment === "" ? String(Object.keys(node).length) : segment;
    const next = node[key];
    if (typeof next === "object" && !Array.isArray(next)) {
      node = next;
    } else {
      const created: FormObject = {};
      node[key] = created;
      node = created;
    }
  }
  const last = segments[segments.length - 1] ?? "";
  node[last === "" ? String(Object.keys(node).length) : last] = value;
}

/** Objects whose keys are all 0..n-1 become arrays (`items[0][price]` → items: [{price}]). */
function arraysFromIndices(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const converted: FormObject = {};
  for (const key of keys) converted[key] = arraysFromIndices(value[key] ?? "");
  const isArray = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isArray) return converted;
  return keys
    .map(Number)
    .sort((a, b) => a - b)
    .map((index) => converted[String(index)] ?? "");
}

export function parseForm(encoded: string): FormObject {
  const root: FormObject = {};
  for (const [key, value] of new URLSearchParams(encoded)) {
    assign(root, segmentsOf(key), value);
  }
  const result: FormObject = {};
  for (const [key, value] of Object.entries(root)) result[key] = arraysFromIndices(value);
  return result;
}
