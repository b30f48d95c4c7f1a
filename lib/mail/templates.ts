import type { Mail } from "./mailer";

export function verifyEmailMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your email for Darwaza",
    text: [
      "Confirm that this is your email address by opening this link (valid for 24 hours, once):",
      "",
      link,
      "",
      "If you did not create a Darwaza account, ignore this message.",
    ].join("\n"),
  };
}

export function signUpAttemptMail(to: string, signInLink: string): Mail {
  return {
    to,
    subject: "Someone tried to sign up with your address",
    text: [
      "Someone tried to create a Darwaza account with this email address, which already has one.",
      "Nothing was changed. If it was you, sign in instead:",
      "",
      signInLink,
      "",
      "If it was not you, you can ignore this message.",
    ].join("\n"),
  };
}
