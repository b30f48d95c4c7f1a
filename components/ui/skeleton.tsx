/** A grey placeholder while a section streams in. */
export function Skeleton({ className = "h-24" }: { className?: string }) {
  return <div aria-hidden className={`animate-pulse rounded-xl bg-zinc-200/70 ${className}`} />;
}

export function LoadingSection({ label, className }: { label: string; className?: string }) {
  return (
    <div role="status" aria-live="polite">
      <span className="sr-only">Loading {label}…</span>
      <Skeleton className={className} />
    </div>
  );
}
