import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ExportLinks } from "@/components/dashboard/export-links";
import { KeySettingsForm } from "@/components/dashboard/key-settings-form";
import { KeyStatusBadge } from "@/components/dashboard/key-status";
import { RevokeKeyButton } from "@/components/dashboard/revoke-key-button";
import { EndOverlapButton, RollKeyForm } from "@/components/dashboard/roll-key-form";
import { UsageSection } from "@/components/dashboard/usage-section";
import { Card } from "@/components/ui/card";
import { LoadingSection } from "@/components/ui/skeleton";
import { formatDateTime } from "@/lib/portal/format";
import { keySettingsChoices } from "@/lib/portal/key-choices";
import { accountKey, type PortalKeyDetail } from "@/lib/portal/keys";
import { requirePermission } from "@/lib/teams/require";
import { endOverlapAction, revokeKey, rollKeyAction, updateKeyAction } from "../actions";

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
    ["Last used from", key.lastUsedIp ?? "—"],
    ["Expires", key.expiresAt ? formatDateTime(key.expiresAt) : "Never"],
  ];
  if (key.revokedAt) facts.push(["Revoked", formatDateTime(key.revokedAt)]);
  const choices = key.status === "active" ? await keySettingsChoices(user.accountId) : null;
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
        <dl className="grid gap-4 text-sm sm:grid-cols-5">
          {facts.map(([term, value]) => (
            <div key={term} className="min-w-0">
              <dt className="text-zinc-600">{term}</dt>
              <dd className="break-all font-medium" data-testid={`key-fact-${slug(term)}`}>
                {value}
              </dd>
            </div>
          ))}
        </dl>
        <Restrictions keyDetail={key} />
        <div className="mt-4">
          <ExportLinks keyId={key.id} />
        </div>
      </Card>
      {key.status === "active" && choices && (
        <>
          <Card title="Roll key" className="mb-6" testId="roll-key">
            <p className="mb-3 text-sm text-zinc-700">
              Get a new secret for this key. Its name, usage, limits and restrictions stay; the old
              secret keeps working for the time you choose, so your apps can switch without
              downtime.
            </p>
            {key.previousExpiresAt && (
              <div
                className="mb-3 flex flex-wrap items-center gap-3 rounded-lg bg-amber-50 p-3 text-sm text-amber-950"
                data-testid="old-secret"
              >
                <span>
                  The previous secret works until {formatDateTime(key.previousExpiresAt)}.
                </span>
                <EndOverlapButton id={key.id} action={endOverlapAction} />
              </div>
            )}
            <RollKeyForm id={key.id} action={rollKeyAction} />
          </Card>
          <Card title="Restrictions" className="mb-6" testId="key-settings">
            <KeySettingsForm id={key.id} action={updateKeyAction} choices={choices} values={key} />
          </Card>
        </>
      )}
      <Suspense fallback={<LoadingSection label="usage" className="h-80" />}>
        <UsageSection accountId={user.accountId} split="endpoint" keyId={key.id} />
      </Suspense>
    </>
  );
}

function slug(term: string): string {
  return term.toLowerCase().replaceAll(" ", "-");
}

/** What this key may do beyond the plan, in words. */
function Restrictions({ keyDetail: key }: { keyDetail: PortalKeyDetail }) {
  const lines: string[] = [];
  if (key.readOnly) lines.push("Read-only: usage and the model list only");
  if (key.allowedModels.length > 0) lines.push(`Models: ${key.allowedModels.join(", ")}`);
  if (key.allowedEndpoints.length > 0) lines.push(`Endpoints: ${key.allowedEndpoints.join(", ")}`);
  const limits = [
    key.limitRpm !== null ? `${key.limitRpm.toLocaleString("en-US")} requests/min` : null,
    key.limitRpd !== null ? `${key.limitRpd.toLocaleString("en-US")} requests/day` : null,
    key.limitTpd !== null ? `${key.limitTpd.toLocaleString("en-US")} tokens/day` : null,
  ].filter(Boolean);
  if (limits.length > 0) lines.push(`Own limits: ${limits.join(", ")}`);
  if (key.ipAllowlist.length > 0) lines.push(`Only from: ${key.ipAllowlist.join(", ")}`);
  return (
    <div className="mt-4 text-sm" data-testid="key-restrictions">
      <h2 className="font-medium text-zinc-800">Restrictions</h2>
      {lines.length === 0 ? (
        <p className="text-zinc-600">None: every model and endpoint of your plan, from anywhere.</p>
      ) : (
        <ul className="mt-1 list-inside list-disc break-words text-zinc-700">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
