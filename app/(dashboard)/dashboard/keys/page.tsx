import type { Metadata } from "next";
import { Suspense } from "react";
import { CreateKeyForm } from "@/components/dashboard/create-key-form";
import { KeysTable } from "@/components/dashboard/keys-table";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { LoadingSection } from "@/components/ui/skeleton";
import { keySettingsChoices } from "@/lib/portal/key-choices";
import { accountKeys } from "@/lib/portal/keys";
import { requirePermission } from "@/lib/teams/require";
import { createKey, revokeKey } from "./actions";

export const metadata: Metadata = { title: "API keys" };

async function KeyList({ accountId }: { accountId: string }) {
  const keys = await accountKeys(accountId);
  if (keys.length === 0) {
    return (
      <EmptyState title="No keys yet">
        Create a key above, then send it as <code>Authorization: Bearer sk-…</code> to{" "}
        <code>/api/v1</code>. The Overview page has a ready-to-paste example.
      </EmptyState>
    );
  }
  return <KeysTable keys={keys} revokeAction={revokeKey} />;
}

export default async function KeysPage() {
  const user = await requirePermission("keys:view", "/dashboard/keys");
  const choices = await keySettingsChoices(user.accountId);
  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your apps call the gateway. They share your plan's limits, and each may have its own lower limits, scopes, expiry and IP allowlist; roll one for a new secret, revoke one and it stops working at once."
      />
      <Card title="Create a key" className="mb-6">
        <CreateKeyForm action={createKey} choices={choices} />
      </Card>
      <Suspense fallback={<LoadingSection label="keys" className="h-40" />}>
        <KeyList accountId={user.accountId} />
      </Suspense>
    </>
  );
}
