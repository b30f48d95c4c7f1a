import { env } from "@/lib/config/env";
import { calendarMonth } from "@/lib/gateway/credit/sync";
import type { Mailer } from "@/lib/mail/mailer";
import { db } from "@/lib/services";
import { checkSpendAlerts } from "./spend-alerts";
import { webhookAgent } from "./url-guard";
import { runAlertMail, runDeliveries, type WorkerDeps } from "./worker";

/** With the default poll of 1 s, caps and low credit are checked every 5 s. */
const SPEND_CHECK_EVERY = 5;

export interface WebhooksRuntime {
  stop(): Promise<void>;
}

/** The worker's dependencies from the configuration (the web process's database and mailer). */
export function workerDeps(mailer: Mailer): WorkerDeps {
  const config = env();
  const allowHosts = config.DARWAZA_WEBHOOK_ALLOW_HOSTS;
  return {
    db: db(),
    mailer,
    agent: webhookAgent(allowHosts),
    allowHosts,
    retryBaseMs: config.DARWAZA_WEBHOOK_RETRY_MS,
    baseUrl: (config.DARWAZA_PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, ""),
  };
}

/**
 * The outbox worker in `npm start`'s web process (which owns mail and the background jobs):
 * every DARWAZA_WEBHOOK_POLL_MS it sends due webhook attempts and alert mail, and every few rounds
 * checks spend caps and low credit (spend-alerts.ts). Every instance runs
 * one; their claims never overlap (FOR UPDATE SKIP LOCKED).
 */
export function startWebhooks(mailer: Mailer): WebhooksRuntime {
  const deps = workerDeps(mailer);
  const timeZone = env().DARWAZA_TIMEZONE;
  let running: Promise<unknown> | null = null;
  let round = 0;
  const timer = setInterval(() => {
    if (running) return;
    // Caps and low credit are read from the ledger every SPEND_CHECK_EVERY rounds.
    const spend =
      round++ % SPEND_CHECK_EVERY === 0
        ? checkSpendAlerts(deps.db, calendarMonth(Date.now(), timeZone))
        : null;
    running = Promise.all([spend, runDeliveries(deps), runAlertMail(deps)])
      .catch((error: unknown) => console.error("Webhook worker failed; will try again.", error))
      .finally(() => {
        running = null;
      });
  }, env().DARWAZA_WEBHOOK_POLL_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await deps.agent.close().catch(() => {});
    },
  };
}
