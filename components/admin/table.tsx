import type { ReactNode } from "react";

/**
 * The console's tables: one look everywhere, scrolling sideways inside their frame on a phone
 * (the page itself never does). The frame takes keyboard focus so the keyboard can scroll it too.
 */
export function Table({
  children,
  testId,
  label = "Table",
}: {
  children: ReactNode;
  testId?: string;
  /** The scrolling frame's name for screen readers. */
  label?: string;
}) {
  return (
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
      tabIndex={0}
      className="min-w-0 max-w-full overflow-x-auto rounded-xl border border-zinc-200 bg-white shadow-sm focus-visible:outline-2 focus-visible:outline-brand-500"
    >
      <table className="w-full text-left text-sm" data-testid={testId}>
        {children}
      </table>
    </section>
  );
}

export function Head({ columns }: { columns: (string | { label: string; right?: boolean })[] }) {
  return (
    <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500">
      <tr>
        {columns.map((column) => {
          const { label, right } =
            typeof column === "string" ? { label: column, right: false } : column;
          return (
            <th
              key={label}
              scope="col"
              className={`whitespace-nowrap px-4 py-2.5 ${right ? "text-right" : ""}`}
            >
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

export function Cell({
  children,
  right,
  mono,
  testId,
  className = "",
}: {
  children: ReactNode;
  right?: boolean;
  mono?: boolean;
  testId?: string;
  className?: string;
}) {
  return (
    <td
      data-testid={testId}
      className={`px-4 py-2.5 ${right ? "text-right tabular-nums" : ""} ${mono ? "font-mono text-xs" : ""} ${className}`}
    >
      {children}
    </td>
  );
}

/** A table with no rows yet says so in one line rather than showing an empty frame. */
export function EmptyRow({ columns, children }: { columns: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={columns} className="px-4 py-6 text-center text-sm text-zinc-500">
        {children}
      </td>
    </tr>
  );
}
