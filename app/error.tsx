"use client";

import { buttonStyles } from "@/components/ui/button";

/**
 * Any page or layout below the root that fails to render — most often because PostgreSQL is
 * unreachable for a while — lands here instead of Next's bare "Application error". Layout errors
 * (the dashboard's and the console's check the session against the database) are not caught by
 * their own segment's error.tsx, only by a parent's: this one.
 */
export default function AppError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col justify-center px-6 py-16">
      <div role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-6">
        <h1 className="text-lg font-semibold text-amber-950">
          Darwaza is having trouble right now
        </h1>
        <p className="mt-2 text-sm text-amber-900">
          This page could not be loaded. The API keeps working; the portal will be back in a moment.
          Please try again shortly.
        </p>
        {error.digest && <p className="mt-2 text-xs text-amber-800">Reference: {error.digest}</p>}
        <div className="mt-4 flex gap-3">
          <button type="button" onClick={reset} className={buttonStyles.primary}>
            Try again
          </button>
          <a href="/" className={buttonStyles.secondary}>
            Home
          </a>
        </div>
      </div>
    </main>
  );
}
