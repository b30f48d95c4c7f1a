import { z } from "zod";
import { listPricedModels, priceHistory } from "@/lib/admin/price-book";
import { AppError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import type { PriceRates, PriceVersion } from "@/lib/pricing/rates";
import { priceVersionSchema } from "@/lib/pricing/schema";
import { addPriceVersion } from "@/lib/pricing/versions";

/** Rates as the API shows them: micros (integers), named as the columns are. */
function ratesJson(rates: PriceRates) {
  return {
    input_per_1m_micros: rates.inputPer1M,
    cached_input_per_1m_micros: rates.cachedInputPer1M,
    output_per_1m_micros: rates.outputPer1M,
    per_image_micros: rates.perImage,
    per_audio_second_micros: rates.perAudioSecond,
    per_1k_chars_micros: rates.per1kChars,
    per_request_micros: rates.perRequest,
    per_cache_hit_micros: rates.perCacheHit,
  };
}

function versionJson(version: PriceVersion) {
  const { per_cache_hit_micros: _none, ...upstream } = ratesJson(version.upstream);
  return {
    id: version.id,
    model: version.model,
    effective_from: new Date(version.effectiveFrom).toISOString(),
    source: version.source,
    created_by: version.createdByEmail,
    ...ratesJson(version.sell),
    upstream,
  };
}

const listQuery = z.object({ model: z.string().min(1).max(128).optional() });

/** GET: every model with the price in force now; ?model= that model's versions, newest first. */
export const GET = route({ auth: "admin-api", query: listQuery }, async ({ query }) => {
  if (query.model) {
    const versions = await priceHistory(query.model);
    return Response.json({ object: "list", data: versions.map(versionJson) });
  }
  const models = await listPricedModels();
  return Response.json({
    object: "list",
    data: models.map((m) => ({
      model: m.model,
      current: m.current ? versionJson(m.current) : null,
      in_force: ratesJson(m.rates),
      upcoming: m.upcoming.map(versionJson),
      versions: m.versions,
    })),
  });
});

/**
 * POST a new version (amounts in PKR, e.g. {"model": "demo-chat", "inputPer1M": "50",
 * "outputPer1M": "150", "effectiveFrom": "2027-01-01T00:00:00+05:00"}): 201 with the version;
 * invalid input 422.
 */
export const POST = route(
  { auth: "admin-api", body: priceVersionSchema },
  async ({ actor, body }) => {
    const result = await addPriceVersion(actor, body);
    if (!result.ok)
      throw new AppError(422, "invalid_price", result.error, { param: result.field ?? null });
    return Response.json(versionJson(result.version), { status: 201 });
  },
);
