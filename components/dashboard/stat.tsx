import type { ReactNode } from "react";

export function Stat({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="rounded-xl border border-zinc-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <p className="text-sm text-zinc-500">{label}</p>
      <p
        className="mt-1 text-2xl font-semibold tabular-nums"
        data-testid={testId ? `${testId}-value` : undefined}
      >
        {value}
      </p>
      {hint && <p className="mt-1 text-xs text-zinc-500">{hint}</p>}
    </div>
  );
}
