import type { Mailer } from "./mailer";
import { outboxMailer } from "./outbox";
import type { MailSettings } from "./settings";
import { smtpMailer } from "./smtp";

/** The mailer the settings call for: SMTP when configured, else the test-mode outbox. */
export function createMailer(settings: MailSettings, log: (line: string) => void): Mailer {
  return settings.smtpUrl ? smtpMailer(settings.smtpUrl, settings.from) : outboxMailer(log);
}
