import Link from "next/link";

/** Also what another account's key or usage looks like: indistinguishable from "does not exist". */
export default function DashboardNotFound() {
  return (
    <div
      className="rounded-xl border border-zinc-200 bg-white p-8 text-center"
      data-testid="not-found"
    >
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600">
        There is nothing here, or it belongs to another account.
      </p>
      <Link
        href="/dashboard"
        className="mt-4 inline-block text-sm font-medium text-brand-700 underline"
      >
        Back to the overview
      </Link>
    </div>
  );
}
