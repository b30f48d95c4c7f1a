import type { KeyStatus } from "@/lib/portal/keys";

const STYLES: Record<KeyStatus, string> = {
  active: "bg-emerald-100 text-emerald-800",
  revoked: "bg-zinc-200 text-zinc-700",
  expired: "bg-amber-100 text-amber-800",
};

export function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium capitalize ${STYLES[status]}`}
      data-testid="key-status"
    >
      {status}
    </span>
  );
}
