import type { Pool } from "pg";
import type { PriceRates, PriceVersion } from "./rates";

/** price_book's rate columns, by PriceRates field (prefixed "upstream_" for the seller's cost). */
export const RATE_COLUMNS = {
  inputPer1M: "input_per_1m_micros",
  cachedInputPer1M: "cached_input_per_1m_micros",
  outputPer1M: "output_per_1m_micros",
  perImage: "per_image_micros",
  perAudioSecond: "per_audio_second_micros",
  per1kChars: "per_1k_chars_micros",
  perRequest: "per_request_micros",
  perCacheHit: "per_cache_hit_micros",
} as const satisfies Record<keyof PriceRates, string>;

/** The seller's cost has no cache-hit price: a cache hit costs the upstream nothing. */
const UPSTREAM_FIELDS = (Object.keys(RATE_COLUMNS) as (keyof PriceRates)[]).filter(
  (field) => field !== "perCacheHit",
);

type Row = Record<string, string | Record<string, unknown> | null>;

function amount(value: unknown): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 0) throw new Error(`bad price ${String(value)}`);
  return number;
}

function sizes(value: unknown): Record<string, number> {
  const out: Record<string, number> = { default: 0 };
  if (value && typeof value === "object")
    for (const [size, micros] of Object.entries(value)) out[size] = amount(micros);
  return out;
}

function rates(row: Row, prefix: string): PriceRates {
  const read = (field: keyof PriceRates) => row[`${prefix}${RATE_COLUMNS[field]}`];
  return {
    inputPer1M: amount(read("inputPer1M")),
    cachedInputPer1M: amount(read("cachedInputPer1M")),
    outputPer1M: amount(read("outputPer1M")),
    perImage: sizes(read("perImage")),
    perAudioSecond: amount(read("perAudioSecond")),
    per1kChars: amount(read("per1kChars")),
    perRequest: amount(read("perRequest")),
    perCacheHit: prefix ? 0 : amount(read("perCacheHit")),
  };
}

const SELECT = `SELECT id, model, (extract(epoch FROM effective_from) * 1000)::bigint::text AS at,
  source, created_by_email, ${Object.values(RATE_COLUMNS).join(", ")},
  ${UPSTREAM_FIELDS.map((field) => `upstream_${RATE_COLUMNS[field]}`).join(", ")}
  FROM price_book`;

export function versionOf(row: Row): PriceVersion {
  return {
    id: String(row.id),
    model: String(row.model),
    effectiveFrom: Number(row.at),
    sell: rates(row, ""),
    upstream: rates(row, "upstream_"),
    source: row.source === "seed" ? "seed" : "admin",
    createdByEmail: typeof row.created_by_email === "string" ? row.created_by_email : null,
  };
}

/** Every version of every model (a few per model: the whole book fits in memory). */
export async function loadPriceBook(pool: Pool): Promise<PriceVersion[]> {
  const { rows } = await pool.query<Row>(SELECT);
  return rows.map(versionOf);
}

/** One model's versions, newest first. */
export async function loadModelHistory(pool: Pool, model: string): Promise<PriceVersion[]> {
  const { rows } = await pool.query<Row>(
    `${SELECT} WHERE model = $1 ORDER BY effective_from DESC`,
    [model],
  );
  return rows.map(versionOf);
}

/** A change signature: the book only grows, so its row count and newest row say when to reload. */
export const SIGNATURE_SQL = `SELECT count(*) || '/' || coalesce(max(created_at)::text, '') AS signature
  FROM price_book`;
