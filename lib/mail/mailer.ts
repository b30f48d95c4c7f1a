/** One message: plain text keeps templates small and every client renders it. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail: over SMTP (smtp.ts) or, in test mode, into the admin outbox (outbox.ts). */
export interface Mailer {
  readonly mode: "smtp" | "outbox";
  send(mail: Mail): Promise<void>;
}
