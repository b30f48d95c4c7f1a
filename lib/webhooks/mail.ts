import type { Mail } from "@/lib/mail/mailer";
import type { EventPayload } from "./emit";
import { type AccountEventType, EVENT_LABELS, isEventType } from "./events";

const SUBJECTS: Record<AccountEventType, (p: EventPayload) => string> = {
  "usage.threshold_reached": (p) =>
    `You have used ${p.percent}% of today's ${windowName(p.window)}`,
  "spend_cap.threshold_reached": (p) =>
    `Your ${p.scope === "key" ? "key's" : "account's"} monthly spend reached ${p.percent}% of its cap`,
  "credit.low": () => "Your Darwaza credit is running low",
  "api_key.created": (p) => `API key "${p.label}" created`,
  "api_key.rolled": (p) => `API key "${p.label}" rolled`,
  "api_key.revoked": (p) => `API key "${p.label}" revoked`,
  "invoice.paid": () => "Invoice paid — thank you",
  "invoice.payment_failed": () => "Payment of your invoice failed",
};

function windowName(window: EventPayload[string]): string {
  return window === "tokens_per_day" ? "token allowance" : "request allowance";
}

/** The alert mail for an event: its subject, then each fact on a line of its own. */
export function eventMail(
  to: string,
  type: string,
  payload: EventPayload,
  dashboardUrl: string,
): Mail {
  const subject = isEventType(type) ? SUBJECTS[type](payload) : type;
  const label = isEventType(type) ? EVENT_LABELS[type] : type;
  const facts = Object.entries(payload)
    // Micros are for programs; people read the *_pkr figure beside them.
    .filter(([name, value]) => value !== null && value !== "" && !name.endsWith("_micros"))
    .map(([name, value]) => `  ${name.replaceAll("_", " ")}: ${String(value)}`);
  return {
    to,
    subject,
    text: [
      `${label}.`,
      "",
      ...facts,
      "",
      `See your account: ${dashboardUrl}`,
      "",
      "You get this mail because you own this Darwaza account.",
    ].join("\n"),
  };
}
