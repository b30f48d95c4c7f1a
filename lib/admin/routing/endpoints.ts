import type { SaveResult } from "@/lib/admin/action-state";
import type { Actor } from "@/lib/audit/record";
import { writeAudit } from "@/lib/audit/record";
import { checkUpstreamUrl } from "@/lib/gateway/routing/url-policy";
import { encryptCredential } from "@/lib/gateway/store/credential";
import { db } from "@/lib/services";
import type { EndpointInput } from "./schemas";

export interface StoredEndpoint {
  path: string;
  method: string;
  targetUrl: string;
  hasCredential: boolean;
  timeoutMs: number;
  pricePerRequestPaisa: number;
  inputPer1k: number;
  outputPer1k: number;
  minPlan: string;
  enabled: boolean;
  allowPrivateHost: boolean;
}

export async function listCustomEndpoints(): Promise<StoredEndpoint[]> {
  const rows = await db().customEndpoint.findMany({ orderBy: { path: "asc" } });
  return rows.map(({ credential, id: _id, createdAt: _c, updatedAt: _u, ...row }) => ({
    ...row,
    hasCredential: credential !== null,
  }));
}

/** Publish or update (by path) a custom endpoint; same URL policy and audit as upstreams. */
export async function saveCustomEndpoint(actor: Actor, input: EndpointInput): Promise<SaveResult> {
  const verdict = await checkUpstreamUrl(input.targetUrl, input.allowPrivateHost);
  if (!verdict.ok) return { ok: false, field: "targetUrl", error: verdict.reason };
  const credential = input.clearCredential
    ? { credential: null }
    : input.credential
      ? { credential: encryptCredential(input.credential) }
      : {};
  const { clearCredential: _clear, credential: _plain, path, ...data } = input;
  await db().$transaction(async (tx) => {
    await tx.customEndpoint.upsert({
      where: { path },
      create: { path, ...data, ...credential },
      update: { ...data, ...credential },
    });
    await writeAudit(tx, actor, {
      action: "custom_endpoint.save",
      target: path,
      details: { ...data, credentialChanged: "credential" in credential },
    });
  });
  return { ok: true };
}

export async function removeCustomEndpoint(actor: Actor, path: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.customEndpoint.deleteMany({ where: { path } });
    if (count > 0) await writeAudit(tx, actor, { action: "custom_endpoint.delete", target: path });
    return count > 0;
  });
}
