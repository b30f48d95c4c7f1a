import type { AuditRow } from "@/lib/audit/log";

type Json = AuditRow["details"];

/** A nested value in one line: `a: 1, b: 2` rather than JSON's braces and quotes. */
function inline(value: Json): string {
  if (value === null || value === undefined) return "—";
  if (Array.isArray(value)) return value.map(inline).join(", ");
  if (typeof value === "object") {
    return Object.entries(value)
      .map(([key, item]) => `${key}: ${inline(item as Json)}`)
      .join(", ");
  }
  return String(value);
}

/** An audit entry's details as a short list of fields, wrapping, readable on a phone. */
export function AuditDetails({ details }: { details: Json }) {
  if (details === null || details === undefined) return null;
  if (typeof details !== "object" || Array.isArray(details)) {
    return <span className="wrap-anywhere">{inline(details)}</span>;
  }
  const entries = Object.entries(details);
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs" data-testid="audit-details">
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="text-zinc-500">{key}</dt>
          <dd className="min-w-0 wrap-anywhere text-zinc-800">{inline(value as Json)}</dd>
        </div>
      ))}
    </dl>
  );
}
