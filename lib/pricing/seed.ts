import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import { RATE_COLUMNS } from "./load";
import { type PaisaPrice, type PriceRates, ratesFromPaisa } from "./rates";

/** Seeded versions are in force since always: the configured price was the price until now. */
const SINCE_ALWAYS = "1970-01-01T00:00:00Z";

const FIELDS = Object.keys(RATE_COLUMNS) as (keyof PriceRates)[];
const COLUMNS = FIELDS.map((field) => RATE_COLUMNS[field]);

const INSERT = `INSERT INTO price_book (id, model, effective_from, source, ${COLUMNS.join(", ")})
SELECT $1, $2, $3, 'seed', ${COLUMNS.map((_, i) => `$${i + 4}`).join(", ")}
WHERE NOT EXISTS (SELECT 1 FROM price_book WHERE model = $2)
ON CONFLICT (model, effective_from) DO NOTHING`;

/**
 * Give every configured model without a version one from its configured price (paisa, converted
 * exactly), so the first start charges what the configuration said. A model the book already has
 * keeps its versions: from then on the book, not the file, says what it costs. Instances starting
 * together insert each model once (the unique (model, effective_from) and ON CONFLICT).
 */
export async function seedPriceBook(
  pool: Pool,
  models: readonly { id: string; price: PaisaPrice }[],
): Promise<number> {
  const seen = new Set<string>();
  let added = 0;
  for (const model of models) {
    if (seen.has(model.id)) continue;
    seen.add(model.id);
    const rates = ratesFromPaisa(model.price);
    const values = FIELDS.map((field) =>
      field === "perImage" ? JSON.stringify(rates.perImage) : rates[field],
    );
    const result = await pool.query(INSERT, [
      `pv_${randomUUID()}`,
      model.id,
      SINCE_ALWAYS,
      ...values,
    ]);
    added += result.rowCount ?? 0;
  }
  return added;
}
