import nodemailer from "nodemailer";
import type { Mail, Mailer } from "./mailer";

/** Mail over the SMTP server of SMTP_URL (smtp://user:pass@host:587, smtps:// for TLS from the start). */
export function smtpMailer(url: string, from: string): Mailer {
  // Bounded waits: a sign-up must not hang for nodemailer's default two minutes on a dead server.
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    mode: "smtp",
    async send(mail: Mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
