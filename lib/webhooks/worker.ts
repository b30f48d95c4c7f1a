import type { Agent } from "undici";
import type { Resolver } from "@/lib/gateway/routing/url-policy";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import type { Mailer } from "@/lib/mail/mailer";
import { nextAttemptAt } from "./backoff";
import type { EventPayload } from "./emit";
import { eventMail } from "./mail";
import { decryptSecret } from "./secret";
import { sendWebhook } from "./send";

export interface WorkerDeps {
  db: PrismaClient;
  mailer: Mailer;
  agent: Agent;
  allowHosts: readonly string[];
  retryBaseMs: number;
  /** Where the mails' link points (DARWAZA_PUBLIC_URL, else this server). */
  baseUrl: string;
  resolve?: Resolver;
  now?: () => Date;
}

/** A claim lasts this long: an instance that dies mid-send leaves the work due again after it. */
const LEASE_SECONDS = 60;

interface ClaimedDelivery {
  id: string;
  attempts: number;
  created_at: Date;
  event_id: string;
  type: string;
  payload: EventPayload;
  event_at: Date;
  url: string;
  secret_encrypted: string;
  removed_at: Date | null;
}

/**
 * Claim due deliveries: each claim takes the next attempt number and a lease in the same
 * statement, rows locked FOR UPDATE SKIP LOCKED, so two instances never send one attempt twice.
 */
function claimDeliveries(db: PrismaClient, limit: number): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>`
    UPDATE webhook_deliveries d
       SET status = 'sending', attempts = d.attempts + 1, updated_at = now(),
           next_attempt_at = now() + make_interval(secs => ${LEASE_SECONDS})
      FROM account_events e, webhook_endpoints w
     WHERE d.id IN (SELECT id FROM webhook_deliveries
                     WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
                     ORDER BY next_attempt_at LIMIT ${limit}
                       FOR UPDATE SKIP LOCKED)
       AND e.id = d.event_id AND w.id = d.endpoint_id
    RETURNING d.id, d.attempts, d.created_at, e.id AS event_id, e.type, e.payload,
              e.created_at AS event_at, w.url, w.secret_encrypted, w.removed_at`;
}

async function deliver(deps: WorkerDeps, claim: ClaimedDelivery): Promise<boolean> {
  const now = deps.now?.() ?? new Date();
  const result = claim.removed_at
    ? { ok: false as const, status: null, error: "the endpoint was removed" }
    : await sendWebhook(
        {
          eventId: claim.event_id,
          type: claim.type,
          createdAt: claim.event_at,
          data: claim.payload,
          url: claim.url,
          secret: decryptSecret(claim.secret_encrypted),
        },
        { agent: deps.agent, allowHosts: deps.allowHosts, resolve: deps.resolve },
      );
  // The attempts guard: only the claim that took this attempt may record it.
  if (result.ok) {
    await deps.db.$executeRaw`
      UPDATE webhook_deliveries
         SET status = 'succeeded', last_status = ${result.status}, last_error = NULL,
             delivered_at = now(), updated_at = now()
       WHERE id = ${claim.id} AND attempts = ${claim.attempts}`;
    return true;
  }
  const next = claim.removed_at
    ? null
    : nextAttemptAt(claim.attempts, claim.created_at, now, deps.retryBaseMs);
  await deps.db.$executeRaw`
    UPDATE webhook_deliveries
       SET status = ${next ? "pending" : "failed"}, last_status = ${result.status},
           last_error = ${result.error}, next_attempt_at = ${next ?? now}, updated_at = now()
     WHERE id = ${claim.id} AND attempts = ${claim.attempts}`;
  return false;
}

/** Send every due webhook attempt (up to `limit`), concurrently; returns how many succeeded. */
export async function runDeliveries(deps: WorkerDeps, limit = 50): Promise<number> {
  const claims = await claimDeliveries(deps.db, limit);
  const results = await Promise.all(
    claims.map((claim) =>
      deliver(deps, claim).catch((error: unknown) => {
        console.error(`Webhook delivery ${claim.id} failed to run; will try again.`, error);
        return false;
      }),
    ),
  );
  return results.filter(Boolean).length;
}

interface ClaimedMail {
  id: string;
  account_id: string;
  type: string;
  payload: EventPayload;
  created_at: Date;
  email_attempts: number;
}

/** Mail each due event to the account's owners, claimed like deliveries; returns how many were sent. */
export async function runAlertMail(deps: WorkerDeps, limit = 50): Promise<number> {
  const claims = await deps.db.$queryRaw<ClaimedMail[]>`
    UPDATE account_events
       SET email_status = 'sending', email_attempts = email_attempts + 1,
           email_next_at = now() + make_interval(secs => ${LEASE_SECONDS})
     WHERE id IN (SELECT id FROM account_events
                   WHERE email_status IN ('pending', 'sending') AND email_next_at <= now()
                   ORDER BY email_next_at LIMIT ${limit}
                     FOR UPDATE SKIP LOCKED)
    RETURNING id, account_id, type, payload, created_at, email_attempts`;
  let sent = 0;
  for (const claim of claims) {
    const now = deps.now?.() ?? new Date();
    try {
      const owners = await deps.db.$queryRaw<{ email: string }[]>`
        SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.account_id = ${claim.account_id} AND m.role = 'owner'`;
      for (const { email } of owners) {
        await deps.mailer.send(
          eventMail(email, claim.type, claim.payload, `${deps.baseUrl}/dashboard`),
        );
      }
      await deps.db.$executeRaw`
        UPDATE account_events SET email_status = 'sent'
         WHERE id = ${claim.id} AND email_attempts = ${claim.email_attempts}`;
      sent += 1;
    } catch (error) {
      console.error(`Alert mail for ${claim.id} failed; will try again.`, error);
      const next = nextAttemptAt(claim.email_attempts, claim.created_at, now, deps.retryBaseMs);
      await deps.db.$executeRaw`
        UPDATE account_events
           SET email_status = ${next ? "pending" : "failed"}, email_next_at = ${next ?? now}
         WHERE id = ${claim.id} AND email_attempts = ${claim.email_attempts}`;
    }
  }
  return sent;
}
