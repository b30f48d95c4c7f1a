"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";

export interface CodeSample {
  id: string;
  label: string;
  code: string;
}

/** Code samples in tabs, each with a copy button. */
export function CodeTabs({ samples }: { samples: CodeSample[] }) {
  const [current, setCurrent] = useState(samples[0]?.id);
  const sample = samples.find((s) => s.id === current) ?? samples[0];
  if (!sample) return null;
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-800 bg-ink-900 text-zinc-100">
      <div className="flex items-center justify-between gap-2 border-b border-zinc-700 px-2">
        <div role="tablist" aria-label="Language" className="flex overflow-x-auto">
          {samples.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={s.id === sample.id}
              onClick={() => setCurrent(s.id)}
              className={`whitespace-nowrap px-3 py-2 text-xs font-medium ${
                s.id === sample.id ? "text-white" : "text-zinc-400 hover:text-zinc-200"
              }`}
            >
              {s.label}
            </button>
          ))}
        </div>
        <CopyButton
          text={sample.code}
          className="rounded px-2 py-1 text-xs text-zinc-300 hover:bg-zinc-700 hover:text-white"
        />
      </div>
      <pre
        role="tabpanel"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the code scrolls sideways; the keyboard must reach it
        tabIndex={0}
        className="overflow-x-auto p-4 text-xs leading-relaxed sm:text-sm"
      >
        <code data-testid={`snippet-${sample.id}`}>{sample.code}</code>
      </pre>
    </div>
  );
}
