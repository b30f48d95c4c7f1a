import { env } from "@/lib/config/env";
import { db } from "@/lib/services";
import { type AccountEventType, isEventType } from "./events";
import { encryptSecret, newWebhookSecret } from "./secret";
import { checkWebhookUrl } from "./url-guard";

/** An account may register this many endpoints: enough for every environment. */
export const MAX_ENDPOINTS = 10;

export interface EndpointView {
  id: string;
  url: string;
  events: AccountEventType[];
  createdAt: Date;
}

export type AddEndpointResult =
  | { ok: true; endpoint: EndpointView; secret: string }
  | { ok: false; error: string };

/**
 * Register a URL for the chosen events. The address must pass the webhook guard; the secret is
 * returned once for the customer to copy and stored only encrypted.
 */
export async function addEndpoint(
  accountId: string,
  input: { url: string; events: string[] },
): Promise<AddEndpointResult> {
  const events = [...new Set(input.events)].filter(isEventType);
  if (events.length === 0) return { ok: false, error: "Choose at least one event." };
  const verdict = await checkWebhookUrl(input.url, env().DARWAZA_WEBHOOK_ALLOW_HOSTS);
  if (!verdict.ok)
    return { ok: false, error: `That URL can't receive webhooks: ${verdict.reason}.` };
  const secret = newWebhookSecret();
  const row = await db().$transaction(async (tx) => {
    // One registration per account at a time, so the count is still true at the insert.
    await tx.$executeRaw`SELECT 1 FROM accounts WHERE id = ${accountId} FOR NO KEY UPDATE`;
    const count = await tx.webhookEndpoint.count({ where: { accountId, removedAt: null } });
    if (count >= MAX_ENDPOINTS) return null;
    return tx.webhookEndpoint.create({
      data: {
        accountId,
        url: verdict.url.toString(),
        events,
        secretEncrypted: encryptSecret(secret),
      },
    });
  });
  if (!row)
    return {
      ok: false,
      error: `You can have at most ${MAX_ENDPOINTS} endpoints. Remove one first.`,
    };
  return { ok: true, endpoint: view(row), secret };
}

/** Stop sending to an endpoint of this account; its delivery log stays. */
export async function removeEndpoint(accountId: string, id: string): Promise<boolean> {
  const { count } = await db().webhookEndpoint.updateMany({
    where: { id, accountId, removedAt: null },
    data: { removedAt: new Date() },
  });
  return count > 0;
}

export async function listEndpoints(accountId: string): Promise<EndpointView[]> {
  const rows = await db().webhookEndpoint.findMany({
    where: { accountId, removedAt: null },
    orderBy: { createdAt: "asc" },
  });
  return rows.map(view);
}

function view(row: { id: string; url: string; events: string[]; createdAt: Date }): EndpointView {
  return {
    id: row.id,
    url: row.url,
    events: row.events.filter(isEventType),
    createdAt: row.createdAt,
  };
}
