import { formatMicros } from "@/lib/credit/money";
import { db } from "@/lib/services";
import { isTeamRole, ROLE_LABELS } from "./roles";

export const AUDIT_PAGE_SIZE = 50;

/**
 * One account's audit entries, newest first, by page over the (account_id, created_at) index;
 * one row more than shown tells whether there is a next page.
 */
export async function accountAuditLog(accountId: string, page = 1) {
  const current = Math.max(Math.floor(page) || 1, 1);
  const rows = await db().auditLog.findMany({
    where: { accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: (current - 1) * AUDIT_PAGE_SIZE,
    take: AUDIT_PAGE_SIZE + 1,
    select: {
      id: true,
      actorType: true,
      actorEmail: true,
      action: true,
      details: true,
      createdAt: true,
    },
  });
  return {
    rows: rows.slice(0, AUDIT_PAGE_SIZE),
    hasNext: rows.length > AUDIT_PAGE_SIZE,
    page: current,
  };
}

export type AccountAuditRow = Awaited<ReturnType<typeof accountAuditLog>>["rows"][number];

type Details = Record<string, unknown>;

const str = (value: unknown) => (typeof value === "string" ? value : "");
const roleName = (value: unknown) => (isTeamRole(value) ? ROLE_LABELS[value].name : str(value));

/** What happened, as a sentence, for the actions this account's members cause most. */
const SENTENCES: Record<string, (d: Details) => string> = {
  "team.invite": (d) => `Invited ${str(d.email)} as ${roleName(d.role)}`,
  "team.invite_revoke": (d) => `Withdrew the invitation of ${str(d.email)}`,
  "team.accept": (d) => `${str(d.email)} joined as ${roleName(d.role)}`,
  "team.role_change": (d) =>
    `Changed ${str(d.email)}'s role from ${roleName(d.from)} to ${roleName(d.to)}`,
  "team.remove": (d) => `Removed ${str(d.email)} from the team`,
  "team.transfer": (d) => `Transferred ownership from ${str(d.from)} to ${str(d.to)}`,
  "api_key.create": (d) => `Created the API key "${str(d.label)}"`,
  "api_key.revoke": (d) =>
    d.label ? `Revoked the API key "${str(d.label)}"` : "Revoked an API key",
};

/** "account.spend_settings" → "Account spend settings"; "capMicros" → "Cap". */
function words(name: string): string {
  const text = name
    .replace(/Micros$/, "")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[._]/g, " ")
    .toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A detail's value as text: money as rupees, yes/no, and nested values as "Name: value" pairs. */
function detailText(key: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (key.endsWith("Micros") && /^-?\d+$/.test(String(value)))
    return formatMicros(BigInt(String(value)));
  if (Array.isArray(value)) return value.map((item) => detailText("", item)).join(", ");
  if (typeof value === "object")
    return Object.entries(value)
      .map(([name, inner]) => `${words(name)}: ${detailText(name, inner)}`)
      .join(" · ");
  return String(value);
}

/** An entry as people read it: a sentence, and its details as label/value pairs (never raw JSON). */
export function describeAudit(row: Pick<AccountAuditRow, "action" | "details">): {
  summary: string;
  details: [string, string][];
} {
  const details =
    row.details && typeof row.details === "object" && !Array.isArray(row.details)
      ? (row.details as Details)
      : {};
  const sentence = SENTENCES[row.action];
  if (sentence) return { summary: sentence(details), details: [] };
  return {
    summary: words(row.action),
    details: Object.entries(details).map(([key, value]) => [words(key), detailText(key, value)]),
  };
}

/** Who did it, as shown: the member's email, or the service for system changes. */
export function auditActorText(row: Pick<AccountAuditRow, "actorType" | "actorEmail">): string {
  if (row.actorEmail) return row.actorEmail;
  return row.actorType === "system" ? "Darwaza (automatic)" : "Darwaza support";
}
