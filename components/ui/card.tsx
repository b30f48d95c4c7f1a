import type { ReactNode } from "react";

/** A panel. min-w-0: a wide table inside scrolls in its own frame instead of widening the page's grid. */
export function Card({
  title,
  action,
  children,
  className = "",
  testId,
}: {
  title?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className={`min-w-0 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm sm:p-5 ${className}`}
    >
      {(title || action) && (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          {title && <h2 className="text-base font-semibold">{title}</h2>}
          {action}
        </div>
      )}
      {children}
    </section>
  );
}
