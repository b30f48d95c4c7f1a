import { type Actor, writeAudit } from "@/lib/audit/record";
import { env } from "@/lib/config/env";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, pool } from "@/lib/services";
import { PriceBook } from "./book";
import { effectiveAt } from "./effective";
import { loadModelHistory } from "./load";
import type { PriceRates, PriceVersion } from "./rates";
import { type PriceVersionInput, ratesOfInput } from "./schema";

export type AddResult =
  | { ok: true; version: PriceVersion }
  | { ok: false; field?: string; error: string };

/** A version's rates as the audit log keeps them (micros). */
function auditView(rates: { sell: PriceRates; upstream: PriceRates } | null) {
  if (!rates) return null;
  const { perCacheHit: _none, ...upstream } = rates.upstream;
  return { ...rates.sell, upstream };
}

const big = (micros: number) => BigInt(micros);

/**
 * Add a version of a model's prices, in force from `effectiveFrom` (now when blank; never the
 * past, which would change what calls already made were charged). The row and its audit entry
 * (who, the version in force until then → the new one) commit together. Every gateway instance
 * charges with it within about a poll interval (lib/pricing/poller.ts).
 */
export async function addPriceVersion(
  actor: Actor,
  input: PriceVersionInput,
  now = Date.now(),
): Promise<AddResult> {
  const at = effectiveAt(input.effectiveFrom, env().DARWAZA_TIMEZONE, now);
  if (at === null) return { ok: false, field: "effectiveFrom", error: "Not a valid time" };
  if (at < now) {
    return {
      ok: false,
      field: "effectiveFrom",
      error: "Not in the past: leave blank for now, or choose a later time",
    };
  }
  const rates = ratesOfInput(input);
  const { sell, upstream } = rates;
  try {
    const row = await db().$transaction(async (tx) => {
      const before = await loadModelHistory(pool(), input.model);
      const inForce = new PriceBook(before).at(input.model, at);
      const created = await tx.priceBookVersion.create({
        data: {
          model: input.model,
          effectiveFrom: new Date(at),
          inputPer1M: big(sell.inputPer1M),
          cachedInputPer1M: big(sell.cachedInputPer1M),
          outputPer1M: big(sell.outputPer1M),
          perImage: sell.perImage,
          perAudioSecond: big(sell.perAudioSecond),
          per1kChars: big(sell.per1kChars),
          perRequest: big(sell.perRequest),
          perCacheHit: big(sell.perCacheHit),
          upstreamInputPer1M: big(upstream.inputPer1M),
          upstreamCachedInputPer1M: big(upstream.cachedInputPer1M),
          upstreamOutputPer1M: big(upstream.outputPer1M),
          upstreamPerImage: upstream.perImage,
          upstreamPerAudioSecond: big(upstream.perAudioSecond),
          upstreamPer1kChars: big(upstream.per1kChars),
          upstreamPerRequest: big(upstream.perRequest),
          source: "admin",
          createdById: actor.id ?? null,
          createdByEmail: actor.email ?? null,
        },
      });
      await writeAudit(tx, actor, {
        action: "price.version.add",
        target: input.model,
        details: {
          effectiveFrom: new Date(at).toISOString(),
          old: auditView(inForce),
          new: auditView(rates),
        },
      });
      return created;
    });
    return {
      ok: true,
      version: {
        id: row.id,
        model: row.model,
        effectiveFrom: at,
        sell,
        upstream,
        source: "admin",
        createdByEmail: row.createdByEmail,
      },
    };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return {
        ok: false,
        field: "effectiveFrom",
        error: "This model already has a version starting at that time",
      };
    }
    throw error;
  }
}
