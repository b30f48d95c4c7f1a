import type { Env } from "@/lib/config/env";

export interface MailSettings {
  /** "smtp" sends for real; "outbox" keeps mail for the admin console (test mode). */
  mode: "smtp" | "outbox";
  smtpUrl: string | null;
  from: string;
  /** Keys of an account work only once its owner verified their email. */
  requireVerification: boolean;
}

export function mailSettings(config: Env): MailSettings {
  const smtpUrl = config.SMTP_URL ?? null;
  const flag = config.DARWAZA_REQUIRE_EMAIL_VERIFICATION;
  return {
    mode: smtpUrl ? "smtp" : "outbox",
    smtpUrl,
    from: config.MAIL_FROM,
    requireVerification: flag === undefined ? smtpUrl !== null : flag === "true" || flag === "1",
  };
}
