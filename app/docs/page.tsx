import type { Metadata } from "next";
import Link from "next/link";
import { publicBaseUrl } from "@/lib/portal/base-url";
import { ApiReference } from "./api-reference";

export const metadata: Metadata = { title: "API reference" };

// The base URL in the examples is the host the reader came through.
export const dynamic = "force-dynamic";

const SPEC = "/api/v1/openapi.json";

export default async function DocsPage() {
  const api = `${await publicBaseUrl()}/api/v1`;
  return (
    <main>
      <header className="border-b border-zinc-200">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-6 py-4">
          <Link href="/" className="text-xl font-bold tracking-tight">
            Darwaza
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-4 text-sm">
            <Link href="/docs" aria-current="page" className="font-semibold underline">
              Docs
            </Link>
            <Link href="/#pricing" className="hover:underline">
              Pricing
            </Link>
            <Link href="/dashboard" className="hover:underline">
              Dashboard
            </Link>
            <Link href="/dashboard/keys" className="rounded-lg bg-ink-900 px-3 py-1.5 text-white">
              Get a key
            </Link>
          </nav>
        </div>
      </header>
      <section className="mx-auto max-w-6xl px-6 py-6">
        <h1 className="text-2xl font-bold tracking-tight">API reference</h1>
        <p className="mt-2 max-w-3xl text-sm text-zinc-700">
          Base URL <code className="break-all rounded bg-zinc-100 px-1">{api}</code>. Send your key
          as <code className="rounded bg-zinc-100 px-1">Authorization: Bearer sk-…</code>. Try any
          call below with your key: requests go to this server and count like any other. The OpenAPI
          3.1 document is at{" "}
          <a href={SPEC} className="text-brand-700 underline">
            {SPEC}
          </a>
          .
        </p>
      </section>
      <ApiReference specUrl={SPEC} scriptUrl="/docs/scalar.js" />
    </main>
  );
}
