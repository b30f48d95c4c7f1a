import type { Pool } from "pg";
import { SignaturePoller } from "@/lib/db/signature-poller";
import type { PriceBook } from "./book";
import { loadPriceBook, SIGNATURE_SQL } from "./load";

/** Keep a PriceBook fresh on every instance; while PostgreSQL is down the last book stays. */
export function priceBookPoller(
  book: PriceBook,
  pool: () => Pool,
  intervalMs = 500,
  log?: (line: string) => void,
): SignaturePoller {
  return new SignaturePoller({
    pool,
    signatureSql: SIGNATURE_SQL,
    reload: async () => book.replace(await loadPriceBook(pool())),
    intervalMs,
    log,
    failure: (detail) =>
      `[pricing] price book reload failed (${detail}); keeping the current prices`,
  });
}
