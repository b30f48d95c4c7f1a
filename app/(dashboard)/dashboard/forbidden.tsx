import Link from "next/link";

/** A member whose role does not include this page: a plain 403 inside the portal's frame. */
export default function DashboardForbidden() {
  return (
    <div
      className="rounded-xl border border-zinc-200 bg-white p-8 text-center"
      data-testid="forbidden"
    >
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">403</p>
      <h1 className="mt-2 text-xl font-semibold">Your role can&apos;t open this page</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Ask an owner or admin of this account if you need access.
      </p>
      <Link
        href="/dashboard"
        className="mt-4 inline-block text-sm font-medium text-brand-700 underline"
      >
        Back to your dashboard
      </Link>
    </div>
  );
}
