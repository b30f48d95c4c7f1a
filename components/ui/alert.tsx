import type { ReactNode } from "react";

/** A message box; role=alert so errors are read out when they appear. */
export function Alert({
  tone = "error",
  children,
  testId,
}: {
  tone?: "error" | "info" | "success";
  children: ReactNode;
  testId?: string;
}) {
  const styles = {
    error: "border-red-200 bg-red-50 text-red-800",
    info: "border-zinc-200 bg-zinc-50 text-zinc-800",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  }[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`rounded-lg border px-3 py-2 text-sm ${styles}`}
    >
      {children}
    </div>
  );
}
