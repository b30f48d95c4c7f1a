import type { Pool } from "pg";
import { SignaturePoller } from "@/lib/db/signature-poller";

/**
 * Reload admin-edited routing (upstreams, custom endpoints) on every instance within about a
 * second: each table's max(updated_at) and row count (the count catches deletes) as the signature.
 */
const SQL = `
SELECT (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM upstreams)
    || '|' || (SELECT coalesce(max(updated_at)::text, '') || '/' || count(*) FROM custom_endpoints)
    AS signature`;

export function routingPoller(
  pool: () => Pool,
  reload: () => Promise<void>,
  intervalMs = 500,
  log?: (line: string) => void,
): SignaturePoller {
  return new SignaturePoller({
    pool,
    signatureSql: SQL,
    reload,
    intervalMs,
    log,
    failure: (detail) => `[gateway] routing reload failed (${detail}); keeping the current routing`,
  });
}
