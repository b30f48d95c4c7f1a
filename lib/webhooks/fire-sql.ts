/**
 * The tail of every threshold alert's one statement, after a CTE `input (account_id, kind,
 * threshold, period, type, payload)`: insert the alert_marks rows, and only for the rows that
 * are new the account event and a pending delivery per endpoint that chose its type. The
 * primary key (account, kind, threshold, period) makes each alert fire once, however many
 * instances or rounds see the same crossing. Selects how many fired.
 */
export const FIRE_NEW_ALERTS = `
marks AS (
  INSERT INTO alert_marks (account_id, kind, threshold, period)
  SELECT DISTINCT account_id, kind, threshold, period FROM input
  ON CONFLICT DO NOTHING
  RETURNING account_id, kind, threshold, period),
events AS (
  INSERT INTO account_events (id, account_id, type, payload)
  SELECT DISTINCT ON (m.account_id, m.kind, m.threshold, m.period)
         'evt_' || replace(gen_random_uuid()::text, '-', ''), i.account_id, i.type, i.payload
    FROM marks m JOIN input i USING (account_id, kind, threshold, period)
  RETURNING id, account_id, type),
deliveries AS (
  INSERT INTO webhook_deliveries (id, event_id, endpoint_id, account_id)
  SELECT 'dlv_' || replace(gen_random_uuid()::text, '-', ''), e.id, w.id, w.account_id
    FROM events e JOIN webhook_endpoints w ON w.account_id = e.account_id
   WHERE w.removed_at IS NULL AND e.type = ANY (w.events))
SELECT count(*)::int AS fired FROM events`;
