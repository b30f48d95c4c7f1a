import { invalidRequest, missingParam } from "./errors";
import type { FormObject, FormValue } from "./form";

/**
 * Typed reads of decoded form parameters, failing the way Stripe does (400 naming the param), so a
 * caller that sends a wrong type learns it here rather than in production.
 */
export class Params {
  constructor(
    readonly raw: FormObject,
    private readonly prefix = "",
  ) {}

  private name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Stripe rejects parameters an endpoint does not know; so does the emulator. */
  allowOnly(allowed: readonly string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (!allowed.includes(key)) {
        throw invalidRequest(
          `Received unknown parameter: ${this.name(key)}`,
          this.name(key),
          "parameter_unknown",
        );
      }
    }
  }

  string(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string")
      throw invalidRequest(`Invalid string: ${this.name(key)}`, this.name(key));
    return value;
  }

  requiredString(key: string): string {
    const value = this.string(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  /** An empty string unsets a field in Stripe; returned as null. */
  nullableString(key: string): string | null | undefined {
    const value = this.string(key);
    return value === "" ? null : value;
  }

  integer(key: string): number | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value)) throw invalidRequest(`Invalid integer: ${value}`, this.name(key));
    return Number(value);
  }

  /** A range filter as Stripe takes it: `created=123` or `created[gt|gte|lt|lte]=123`. */
  range(key: string): ((value: number) => boolean) | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") {
      const exact = this.integer(key);
      return (candidate) => candidate === exact;
    }
    const bounds = this.object(key);
    if (!bounds) return undefined;
    bounds.allowOnly(["gt", "gte", "lt", "lte"]);
    const gt = bounds.integer("gt");
    const gte = bounds.integer("gte");
    const lt = bounds.integer("lt");
    const lte = bounds.integer("lte");
    return (candidate) =>
      (gt === undefined || candidate > gt) &&
      (gte === undefined || candidate >= gte) &&
      (lt === undefined || candidate < lt) &&
      (lte === undefined || candidate <= lte);
  }

  boolean(key: string): boolean | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") {
      throw invalidRequest(`Invalid boolean: ${value}`, this.name(key));
    }
    return value === "true";
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be one of ${values.join(", ")}`,
        this.name(key),
      );
    }
    return value as T;
  }

  object(key: string): Params | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidRequest(`Invalid object: ${this.name(key)}`, this.name(key));
    }
    return new Params(value, this.name(key));
  }

  /** Arrays of objects (`items[0][price]`); a lone object `items[price]` is refused as Stripe does. */
  objects(key: string): Params[] | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value))
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    return value.map((item, index) => {
      if (typeof item !== "object" || Array.isArray(item)) {
        throw invalidRequest(
          `Invalid object: ${this.name(key)}[${index}]`,
          `${this.name(key)}[${index}]`,
        );
      }
      return new Params(item, `${this.name(key)}[${index}]`);
    });
  }

  strings(key: string): string[] | undefined {
    const value: FormValue | undefined = this.raw[key];
    if (value === undefined) return undefined;
    // `lookup_keys=a` (a single value) is accepted like `lookup_keys[]=a`.
    if (typeof value === "string") return value === "" ? [] : [value];
    if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
      throw invalidRequest(`Invalid array: ${this.name(key)}`, this.name(key));
    }
    return value as string[];
  }

  /** metadata: string values, max 50 keys; an empty value deletes the key. */
  metadata(key = "metadata"): Record<string, string | null> | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return {};
    if (typeof value !== "object" || Array.isArray(value)) {
      throw invalidRequest("Invalid metadata: must be an object", this.name(key));
    }
    const result: Record<string, string | null> = {};
    for (const [field, entry] of Object.entries(value)) {
      if (typeof entry !== "string")
        throw invalidRequest(`Invalid metadata[${field}]`, this.name(key));
      result[field] = entry === "" ? null : entry;
    }
    if (Object.keys(result).length > 50)
      throw invalidRequest("Metadata can have up to 50 keys.", key);
    return result;
  }
}

/** Applies a metadata update (null deletes) the way Stripe merges metadata on update. */
export function mergeMetadata(
  current: Record<string, string>,
  update: Record<string, string | null> | undefined,
): Record<string, string> {
  if (!update) return current;
  if (Object.keys(update).length === 0) return {};
  const next = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
