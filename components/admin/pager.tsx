import Link from "next/link";

/** Previous / next links that keep the page's other query parameters (search, filters). */
export function Pager({
  path,
  params,
  page,
  hasNext,
  summary,
}: {
  path: string;
  params: Record<string, string | undefined>;
  page: number;
  hasNext: boolean;
  summary?: string;
}) {
  const href = (target: number) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
    if (target > 1) query.set("page", String(target));
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  };
  const link = "rounded-lg border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50";
  const off = "rounded-lg border border-zinc-200 px-3 py-1.5 text-sm text-zinc-500";
  return (
    <nav aria-label="Pages" className="mt-4 flex items-center justify-between gap-4">
      <p className="text-sm text-zinc-600" data-testid="pager-summary">
        {summary ?? `Page ${page}`}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link href={href(page - 1)} className={link} rel="prev">
            Previous
          </Link>
        ) : (
          <span className={off}>Previous</span>
        )}
        {hasNext ? (
          <Link href={href(page + 1)} className={link} rel="next">
            Next
          </Link>
        ) : (
          <span className={off}>Next</span>
        )}
      </div>
    </nav>
  );
}
