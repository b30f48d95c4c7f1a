import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { formatCount } from "@/lib/plans/money";
import type { LoggedRequest } from "@/lib/portal/request-log";

function StatusBadge({ status }: { status: number }) {
  const style =
    status < 300
      ? "bg-emerald-100 text-emerald-800"
      : status === 429
        ? "bg-amber-100 text-amber-900"
        : "bg-red-100 text-red-800";
  return (
    <span className={`rounded px-1.5 py-0.5 font-mono text-xs ${style}`} data-testid="status">
      {status}
    </span>
  );
}

/** A value with its name: shown beside it on a phone, read out only on wider screens (headers). */
function Cell({
  label,
  children,
  className = "",
}: {
  label: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <span className={`min-w-0 ${className}`}>
      <span className="text-zinc-500 sm:sr-only">{label}: </span>
      {children}
    </span>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

const ROW =
  "grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-[11rem_4rem_minmax(0,1fr)_minmax(0,1fr)_5rem_7rem_6rem]";

/** The calls, newest first; each opens to its details. Stacks into cards on a phone. */
export function RequestLogList({ requests }: { requests: LoggedRequest[] }) {
  return (
    <div className="text-sm">
      <div
        aria-hidden="true"
        className={`hidden border-b border-zinc-200 px-3 pb-2 text-xs uppercase tracking-wide text-zinc-500 sm:grid ${ROW}`}
      >
        <span>Time</span>
        <span>Status</span>
        <span>Endpoint</span>
        <span>Model</span>
        <span className="text-right">Latency</span>
        <span className="text-right">Tokens</span>
        <span className="text-right">Cost</span>
      </div>
      <ul className="divide-y divide-zinc-100" data-testid="request-log">
        {requests.map((r) => (
          <li
            key={r.id}
            data-testid="request-log-row"
            data-request-id={r.id}
            data-status={r.status}
          >
            <details className="group">
              <summary
                className={`cursor-pointer list-none px-3 py-2 hover:bg-zinc-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-brand-500 ${ROW}`}
              >
                <Cell
                  label="Time"
                  className="col-span-2 whitespace-nowrap text-zinc-700 sm:col-span-1"
                >
                  {r.time}
                </Cell>
                <Cell label="Status">
                  <StatusBadge status={r.status} />
                </Cell>
                <Cell label="Endpoint" className="break-words sm:truncate">
                  <span className="font-mono text-xs">{r.endpoint}</span>
                </Cell>
                <Cell label="Model" className="truncate">
                  {r.model || "—"}
                </Cell>
                <Cell label="Latency" className="tabular-nums sm:text-right">
                  {formatCount(r.latencyMs)} ms
                </Cell>
                <Cell label="Tokens" className="tabular-nums sm:text-right">
                  {formatCount(r.tokensIn + r.tokensOut)}
                </Cell>
                <Cell label="Cost" className="tabular-nums sm:text-right">
                  {r.billed ? r.cost : "—"}
                </Cell>
              </summary>
              <dl
                className="grid grid-cols-1 gap-3 bg-zinc-50 px-3 py-3 sm:grid-cols-3"
                data-testid="request-detail"
              >
                <Detail label="Request id">
                  <span className="mr-2 break-all font-mono text-xs" data-testid="request-id">
                    {r.id}
                  </span>
                  <CopyButton
                    text={r.id}
                    label="Copy id"
                    className="rounded border border-zinc-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-zinc-100"
                  />
                </Detail>
                <Detail label="Key">{r.keyName}</Detail>
                <Detail label="Time">{r.time}</Detail>
                <Detail label="Result">
                  {r.status}
                  {r.errorCode ? ` · ${r.errorCode}` : ""}
                  {r.cached ? " · served from cache" : ""}
                </Detail>
                <Detail label="Tokens in / cached / out">
                  {formatCount(r.tokensIn)} / {formatCount(r.tokensCached)} /{" "}
                  {formatCount(r.tokensOut)}
                  {r.estimated ? " (estimated: the client left mid-stream)" : ""}
                </Detail>
                <Detail label="Cost">{r.billed ? r.cost : "Not billed"}</Detail>
              </dl>
            </details>
          </li>
        ))}
      </ul>
    </div>
  );
}
