import Link from "next/link";

/** What a signed-in customer sees at /admin: a plain 403, nothing about what is behind it. */
export default function AdminForbidden() {
  return (
    <main className="mx-auto max-w-md px-6 py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">403</p>
      <h1 className="mt-2 text-2xl font-bold tracking-tight">You can&apos;t open this page</h1>
      <p className="mt-3 text-sm text-zinc-600">It is for Darwaza&apos;s administrators only.</p>
      <Link
        href="/dashboard"
        className="mt-6 inline-block text-sm font-medium text-brand-700 underline"
      >
        Back to your dashboard
      </Link>
    </main>
  );
}
