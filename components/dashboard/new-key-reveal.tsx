"use client";

import { CopyButton } from "@/components/ui/copy-button";

/** The one time a key is shown in full. */
export function NewKeyReveal({
  label,
  secret,
  onDone,
}: {
  label: string;
  secret: string;
  onDone: () => void;
}) {
  return (
    <div
      role="status"
      className="rounded-xl border border-emerald-300 bg-emerald-50 p-4"
      data-testid="new-key"
    >
      <p className="font-semibold text-emerald-950">Your new key “{label}”</p>
      <p className="mt-1 text-sm font-medium text-emerald-900">
        Copy it now and keep it somewhere safe: you won&apos;t see it again. We store only a
        fingerprint of it.
      </p>
      <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
        <code
          data-testid="new-key-value"
          className="block min-w-0 flex-1 select-all break-all rounded-lg border border-emerald-200 bg-white px-3 py-2 font-mono text-sm"
        >
          {secret}
        </code>
        <CopyButton text={secret} label="Copy key" />
      </div>
      <button
        type="button"
        onClick={onDone}
        className="mt-3 text-sm font-medium text-emerald-900 underline"
      >
        I&apos;ve saved it
      </button>
    </div>
  );
}
