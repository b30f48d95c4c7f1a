import type { Pool } from "pg";
import { checkUpstreamUrl } from "../routing/url-policy";
import { parseUpstreams } from "../upstreams/config";
import type { UpstreamConfig, UpstreamKind } from "../upstreams/types";
import { decryptCredential } from "./credential";

interface UpstreamRow {
  name: string;
  kind: UpstreamKind;
  base_url: string;
  credential: string | null;
  models: unknown;
  weight: number;
  timeout_ms: number;
  allow_private_host: boolean;
}

/**
 * The enabled upstreams an admin stored, as routing configuration. Each is checked again here:
 * its models with the config file's rules, its URL with the URL policy (a name may have started
 * resolving to a private address since it was saved). A bad row is left out and logged, never
 * allowed to stop the others.
 */
export async function loadStoredUpstreams(
  pool: () => Pool,
  log: (line: string) => void,
): Promise<UpstreamConfig[]> {
  const { rows } = await pool().query<UpstreamRow>(
    `SELECT name, kind, base_url, credential, models, weight, timeout_ms, allow_private_host
       FROM upstreams WHERE enabled ORDER BY created_at, name`,
  );
  const out: UpstreamConfig[] = [];
  for (const row of rows) {
    try {
      const verdict = await checkUpstreamUrl(row.base_url, row.allow_private_host);
      if (!verdict.ok) throw new Error(verdict.reason);
      const [parsed] = parseUpstreams({
        upstreams: [
          {
            id: row.name,
            kind: row.kind,
            baseUrl: row.base_url,
            timeoutMs: row.timeout_ms,
            models: row.models,
          },
        ],
      });
      out.push({
        ...parsed,
        weight: row.weight,
        apiKey: row.credential ? decryptCredential(row.credential) : null,
        publicOnly: !row.allow_private_host,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      log(`[gateway] upstream ${row.name} left out: ${detail}`);
    }
  }
  return out;
}

/** File/built-in upstreams first; a stored one whose name is taken is left out. */
export function mergeUpstreams(
  configured: UpstreamConfig[],
  stored: UpstreamConfig[],
  log: (line: string) => void,
): UpstreamConfig[] {
  const taken = new Set(configured.map((u) => u.id));
  const extra = stored.filter((u) => {
    if (!taken.has(u.id)) return true;
    log(`[gateway] stored upstream ${u.id} left out: the configuration file already names it`);
    return false;
  });
  return configured.concat(extra);
}
