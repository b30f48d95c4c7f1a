import type { SaveResult } from "@/lib/admin/action-state";
import type { Actor } from "@/lib/audit/record";
import { writeAudit } from "@/lib/audit/record";
import { checkUpstreamUrl } from "@/lib/gateway/routing/url-policy";
import { encryptCredential } from "@/lib/gateway/store/credential";
import { parseUpstreams } from "@/lib/gateway/upstreams/config";
import { db } from "@/lib/services";
import type { UpstreamInput } from "./schemas";

/** What the console shows of a stored upstream: never the credential, only whether one is set. */
export interface StoredUpstream {
  name: string;
  kind: string;
  baseUrl: string;
  hasCredential: boolean;
  models: unknown;
  weight: number;
  timeoutMs: number;
  enabled: boolean;
  allowPrivateHost: boolean;
  updatedAt: Date;
}

export async function listStoredUpstreams(): Promise<StoredUpstream[]> {
  const rows = await db().upstream.findMany({ orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
  return rows.map(({ credential, id: _id, createdAt: _c, ...row }) => ({
    ...row,
    hasCredential: credential !== null,
  }));
}

/**
 * Create or update (by name) an upstream: URL policy and model rules first, then the row and
 * its audit entry in one transaction. The credential is encrypted before it is stored; a blank
 * one keeps what was stored. Every instance picks the change up within about a second.
 */
export async function saveUpstream(actor: Actor, input: UpstreamInput): Promise<SaveResult> {
  const verdict = await checkUpstreamUrl(input.baseUrl, input.allowPrivateHost);
  if (!verdict.ok) return { ok: false, field: "baseUrl", error: verdict.reason };
  try {
    parseUpstreams({
      upstreams: [
        { id: input.name, kind: input.kind, baseUrl: input.baseUrl, models: input.models },
      ],
    });
  } catch (error) {
    return {
      ok: false,
      field: "models",
      error: error instanceof Error ? error.message : "Invalid",
    };
  }
  const credential = input.clearCredential
    ? { credential: null }
    : input.credential
      ? { credential: encryptCredential(input.credential) }
      : {};
  const data = {
    kind: input.kind,
    baseUrl: input.baseUrl.replace(/\/+$/, ""),
    models: input.models,
    weight: input.weight,
    timeoutMs: input.timeoutMs,
    enabled: input.enabled,
    allowPrivateHost: input.allowPrivateHost,
  };
  await db().$transaction(async (tx) => {
    await tx.upstream.upsert({
      where: { name: input.name },
      create: { name: input.name, ...data, ...credential },
      update: { ...data, ...credential },
    });
    await writeAudit(tx, actor, {
      action: "upstream.save",
      target: input.name,
      details: { ...data, credentialChanged: "credential" in credential },
    });
  });
  return { ok: true };
}

export async function removeUpstream(actor: Actor, name: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.upstream.deleteMany({ where: { name } });
    if (count > 0) await writeAudit(tx, actor, { action: "upstream.delete", target: name });
    return count > 0;
  });
}
