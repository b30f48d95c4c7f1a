/** A row of usage_events as the portal reads it (recent requests, CSV export). */
export interface UsageEvent {
  id: string;
  created_at: Date;
  key_id: string | null;
  endpoint: string;
  model: string;
  status: number;
  tokens_in: number;
  tokens_out: number;
  latency_ms: number;
  cost_paisa: number;
  cached: boolean;
  billed: boolean;
  error_code: string | null;
}
