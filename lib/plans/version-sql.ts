/**
 * The plan version an account is held to, as one SQL expression over `a` (accounts): its pinned
 * version when that belongs to its plan, else its plan's latest version. Shared by the gateway's
 * account lookup and every other reader, so they cannot disagree.
 */
export const ACCOUNT_VERSION_SQL = `COALESCE(
  (SELECT pv.id FROM plan_versions pv WHERE pv.id = a.plan_version_id AND pv.plan_id = a.plan),
  (SELECT lv.id FROM plan_versions lv WHERE lv.plan_id = a.plan ORDER BY lv.version DESC LIMIT 1))`;
