import { loadUpstreams, parseUpstreams } from "@/lib/gateway/upstreams/config";
import { PriceBook } from "@/lib/pricing/book";
import { loadModelHistory, loadPriceBook } from "@/lib/pricing/load";
import {
  type PaisaPrice,
  type PriceRates,
  type PriceVersion,
  ratesFromPaisa,
} from "@/lib/pricing/rates";
import { db, pool } from "@/lib/services";

/** One model as the price book editor lists it. */
export interface PricedModel {
  model: string;
  /** The version in force now; null when the book has none yet and the configured price applies. */
  current: PriceVersion | null;
  /** What a call costs now: the version's rates, else the configured price's. */
  rates: PriceRates;
  /** Versions that take effect later, soonest first. */
  upcoming: PriceVersion[];
  versions: number;
}

/** Every model the gateway may serve, with the configured price it falls back on. */
async function configuredModels(): Promise<Map<string, PaisaPrice>> {
  const prices = new Map<string, PaisaPrice>();
  const add = (id: string, price: PaisaPrice) => {
    if (!prices.has(id)) prices.set(id, price);
  };
  for (const upstream of loadUpstreams()) for (const m of upstream.models) add(m.id, m.price);
  const stored = await db().upstream.findMany({ select: { name: true, kind: true, models: true } });
  for (const row of stored) {
    try {
      const [parsed] = parseUpstreams({
        upstreams: [{ id: row.name, kind: row.kind, baseUrl: "demo", models: row.models }],
      });
      for (const m of parsed.models) add(m.id, m.price);
    } catch {
      // A row the gateway leaves out too (lib/gateway/store/upstreams.ts logs it).
    }
  }
  const endpoints = await db().customEndpoint.findMany();
  for (const e of endpoints) {
    add(`x/${e.path}`, {
      inputPer1k: e.inputPer1k,
      outputPer1k: e.outputPer1k,
      perImage: 0,
      perSecond: 0,
      per1kChars: 0,
      perRequest: e.pricePerRequestPaisa,
    });
  }
  return prices;
}

/** The editor's list: every model in the book or the configuration, with the price in force now. */
export async function listPricedModels(now = Date.now()): Promise<PricedModel[]> {
  const [book, configured] = await Promise.all([
    loadPriceBook(pool()).then((versions) => new PriceBook(versions)),
    configuredModels(),
  ]);
  const names = new Set([...book.models().keys(), ...configured.keys()]);
  return [...names].sort().map((model) => {
    const versions = book.models().get(model) ?? [];
    const current = book.at(model, now);
    const fallback = configured.get(model);
    return {
      model,
      current,
      rates: current?.sell ?? (fallback ? ratesFromPaisa(fallback) : ratesFromPaisa(ZERO)),
      upcoming: versions.filter((v) => v.effectiveFrom > now).reverse(),
      versions: versions.length,
    };
  });
}

const ZERO: PaisaPrice = {
  inputPer1k: 0,
  outputPer1k: 0,
  perImage: 0,
  perSecond: 0,
  per1kChars: 0,
};

/** One model's versions, newest first. */
export function priceHistory(model: string): Promise<PriceVersion[]> {
  return loadModelHistory(pool(), model);
}
