"use client";

import "./globals.css";

/**
 * The last resort, for a failure in the root layout itself: it replaces the whole document, so it
 * brings its own <html> and <body>. Same message as app/error.tsx.
 */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <main className="mx-auto flex min-h-[60vh] max-w-lg flex-col justify-center px-6 py-16">
          <div role="alert" className="rounded-xl border border-amber-200 bg-amber-50 p-6">
            <h1 className="text-lg font-semibold text-amber-950">
              Darwaza is having trouble right now
            </h1>
            <p className="mt-2 text-sm text-amber-900">
              This page could not be loaded. Please try again in a moment.
            </p>
            {error.digest && (
              <p className="mt-2 text-xs text-amber-800">Reference: {error.digest}</p>
            )}
            <button
              type="button"
              onClick={reset}
              className="mt-4 rounded-lg bg-zinc-900 px-4 py-2 text-sm font-medium text-white"
            >
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
