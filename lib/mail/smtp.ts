import nodemailer from "nodemailer";
import type { Mail, Mailer } from "./mailer";

/** Mail over the SMTP server of SMTP_URL (smtp://user:pass@host:587, smtps:// for TLS from the start). */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    mode: "smtp",
    async send(mail: Mail) {
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}
