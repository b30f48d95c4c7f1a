import type { Pool } from "pg";
import { PriceBook } from "@/lib/pricing/book";
import { priceBookPoller } from "@/lib/pricing/poller";
import { seedPriceBook } from "@/lib/pricing/seed";
import type { UpstreamConfig } from "../upstreams/types";

/** A gateway's price book: seeded from its upstreams configuration, then kept fresh by a poller. */
export interface GatewayPrices {
  book: PriceBook;
  /** Seed the configured models the book lacks, then load it; resolves (never rejects) once read. */
  start(): Promise<void>;
  stop(): void;
}

export function gatewayPrices(
  pool: () => Pool,
  upstreams: readonly UpstreamConfig[],
  intervalMs: number,
  log: (line: string) => void,
): GatewayPrices {
  const book = new PriceBook();
  const poller = priceBookPoller(book, pool, intervalMs, log);
  return {
    book,
    async start() {
      try {
        const models = upstreams.flatMap((upstream) => upstream.models);
        const added = await seedPriceBook(pool(), models);
        if (added > 0)
          log(`[pricing] price book seeded with ${added} models from the configuration`);
      } catch (error) {
        // Until it can be seeded, a model costs its configured price (PriceBook.rates).
        log(`[pricing] could not seed the price book yet: ${String(error)}`);
      }
      await poller.start();
    },
    stop: () => poller.stop(),
  };
}
