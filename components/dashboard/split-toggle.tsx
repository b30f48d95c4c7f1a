import Link from "next/link";
import type { Split } from "@/lib/portal/usage-series";

const OPTIONS: { value: Split; label: string }[] = [
  { value: "key", label: "By key" },
  { value: "endpoint", label: "By endpoint" },
];

/** Plain links (no client state): the split lives in the URL, so it can be shared and reloaded. */
export function SplitToggle({ current, basePath }: { current: Split; basePath: string }) {
  return (
    <nav
      className="inline-flex rounded-lg border border-zinc-300 bg-white p-0.5 text-sm"
      aria-label="Split charts"
    >
      {OPTIONS.map((option) => (
        <Link
          key={option.value}
          href={`${basePath}?split=${option.value}`}
          aria-current={option.value === current ? "true" : undefined}
          className={`rounded-md px-3 py-1 ${option.value === current ? "bg-ink-900 text-white" : "text-zinc-700 hover:bg-zinc-100"}`}
        >
          {option.label}
        </Link>
      ))}
    </nav>
  );
}
