"use client";

import { buttonStyles } from "@/components/ui/button";

/** Something failed while loading a dashboard page (database down, say): say so, offer a retry. */
export default function DashboardError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-6">
      <h2 className="font-semibold text-red-900">This page could not be loaded</h2>
      <p className="mt-1 text-sm text-red-800">
        Something went wrong on our side. Try again in a moment.
        {error.digest && (
          <span className="block text-xs text-red-700">Reference: {error.digest}</span>
        )}
      </p>
      <button type="button" onClick={reset} className={`${buttonStyles.secondary} mt-4`}>
        Try again
      </button>
    </div>
  );
}
