import { db } from "@/lib/services";
import type { Mail, Mailer } from "./mailer";

/**
 * Test mode (no SMTP_URL): mail is stored for admins to read in the console's outbox, and its
 * links are printed to the server log so the person running a quick start can follow them.
 */
export function outboxMailer(log: (line: string) => void): Mailer {
  return {
    mode: "outbox",
    async send(mail: Mail) {
      await db().outboxMail.create({ data: mail });
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      log(
        `Darwaza test-mode mail to ${mail.to}: "${mail.subject}"${links.map((l) => ` ${l}`).join("")}`,
      );
    },
  };
}

export interface OutboxEntry {
  id: string;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
}

/** The newest mail in the outbox, for the admin console. */
export function recentOutbox(limit = 50): Promise<OutboxEntry[]> {
  return db().outboxMail.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
