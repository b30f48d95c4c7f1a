import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ExportLinks } from "@/components/dashboard/export-links";
import { KeyStatusBadge } from "@/components/dashboard/key-status";
import { RevokeKeyButton } from "@/components/dashboard/revoke-key-button";
import { UsageSection } from "@/components/dashboard/usage-section";
import { Card } from "@/components/ui/card";
import { LoadingSection } from "@/components/ui/skeleton";
import { formatDateTime } from "@/lib/portal/format";
import { accountKey } from "@/lib/portal/keys";
import { requirePermission } from "@/lib/teams/require";
import { revokeKey } from "../actions";

export const metadata: Metadata = { title: "API key" };

export default async function KeyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePermission("keys:view", `/dashboard/keys/${encodeURIComponent(id)}`);
  // Checked before anything streams, so another account's key id is a real HTTP 404.
  const key = await accountKey(user.accountId, id);
  if (!key) notFound();
  const facts: [string, string][] = [
    ["Created", formatDateTime(key.createdAt)],
    ["Created by", key.createdBy ?? "—"],
    ["Last used", key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "Never"],
    ["Expires", key.expiresAt ? formatDateTime(key.expiresAt) : "Never"],
  ];
  if (key.revokedAt) facts.push(["Revoked", formatDateTime(key.revokedAt)]);
  return (
    <>
      <Link href="/dashboard/keys" className="text-sm text-zinc-600 hover:underline">
        ← All keys
      </Link>
      <div className="mb-6 mt-2 flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight" data-testid="key-label">
            {key.label}
          </h1>
          <p className="mt-1 flex items-center gap-2 font-mono text-sm text-zinc-600">
            {key.display} <KeyStatusBadge status={key.status} />
          </p>
        </div>
        {key.status === "active" && (
          <RevokeKeyButton id={key.id} label={key.label} action={revokeKey} />
        )}
      </div>
      <Card className="mb-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-3">
          {facts.map(([term, value]) => (
            <div key={term}>
              <dt className="text-zinc-500">{term}</dt>
              <dd className="font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        <div className="mt-4">
          <ExportLinks keyId={key.id} />
        </div>
      </Card>
      <Suspense fallback={<LoadingSection label="usage" className="h-80" />}>
        <UsageSection accountId={user.accountId} split="endpoint" keyId={key.id} />
      </Suspense>
    </>
  );
}
