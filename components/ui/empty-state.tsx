import type { ReactNode } from "react";

/** What a new user sees instead of an empty table: what this is for and what to do next. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: string;
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div
      className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center"
      data-testid="empty-state"
    >
      <h3 className="font-semibold">{title}</h3>
      <div className="mx-auto mt-2 max-w-md text-sm text-zinc-600">{children}</div>
      {action && <div className="mt-5 flex justify-center">{action}</div>}
    </div>
  );
}
