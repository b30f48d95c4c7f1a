import type { Pool } from "pg";
import { PLANS, type PlanId, planOf } from "@/lib/plans/plans";
import { checkUpstreamUrl } from "../routing/url-policy";
import { decryptCredential } from "./credential";

export interface CustomEndpointConfig {
  /** After /api/v1/x/, e.g. "sentiment". */
  path: string;
  method: "GET" | "POST";
  targetUrl: string;
  apiKey: string | null;
  /** Connect only to public addresses, checked at connect time (no private host allowed). */
  publicOnly: boolean;
  timeoutMs: number;
  minPlan: PlanId;
  minRank: number;
  pricePerRequestPaisa: number;
  inputPer1k: number;
  outputPer1k: number;
}

interface EndpointRow {
  path: string;
  method: string;
  target_url: string;
  credential: string | null;
  allow_private_host: boolean;
  timeout_ms: number;
  price_per_request_paisa: number;
  input_per_1k: number;
  output_per_1k: number;
  min_plan: string;
}

/** The enabled custom endpoints, each re-checked against the URL policy; bad rows are logged. */
export async function loadCustomEndpoints(
  pool: () => Pool,
  log: (line: string) => void,
): Promise<CustomEndpointConfig[]> {
  const { rows } = await pool().query<EndpointRow>(
    `SELECT path, method, target_url, credential, allow_private_host, timeout_ms,
            price_per_request_paisa, input_per_1k, output_per_1k, min_plan
       FROM custom_endpoints WHERE enabled ORDER BY path`,
  );
  const out: CustomEndpointConfig[] = [];
  for (const row of rows) {
    try {
      const verdict = await checkUpstreamUrl(row.target_url, row.allow_private_host);
      if (!verdict.ok) throw new Error(verdict.reason);
      const plan = planOf(row.min_plan);
      out.push({
        path: row.path,
        method: row.method === "GET" ? "GET" : "POST",
        targetUrl: row.target_url,
        apiKey: row.credential ? decryptCredential(row.credential) : null,
        publicOnly: !row.allow_private_host,
        timeoutMs: row.timeout_ms,
        minPlan: plan.id,
        minRank: PLANS[plan.id].rank,
        pricePerRequestPaisa: row.price_per_request_paisa,
        inputPer1k: row.input_per_1k,
        outputPer1k: row.output_per_1k,
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      log(`[gateway] custom endpoint ${row.path} left out: ${detail}`);
    }
  }
  return out;
}
