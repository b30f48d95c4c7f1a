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

export function resetPasswordMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Reset your Darwaza password",
    text: [
      "Someone asked to reset the password of the Darwaza account for this address.",
      "To choose a new password, open this link (valid for 1 hour, once):",
      "",
      link,
      "",
      "Setting a new password signs you out everywhere. If it was not you, ignore this message:",
      "your password stays as it is.",
    ].join("\n"),
  };
}

export function confirmNewEmailMail(to: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your new email for Darwaza",
    text: [
      "Your Darwaza account asked to use this address from now on.",
      "Confirm it by opening this link (valid for 24 hours, once):",
      "",
      link,
      "",
      "Until then the account keeps its current address. If it was not you, ignore this message.",
    ].join("\n"),
  };
}

export function emailChangedMail(to: string, newEmail: string): Mail {
  return {
    to,
    subject: "Your Darwaza email was changed",
    text: [
      `The email address of your Darwaza account was changed to ${newEmail}.`,
      "Mail about the account now goes there, and you sign in with it.",
      "",
      "If you did not do this, reply to this message or contact support at once.",
    ].join("\n"),
  };
}

export function accountDeletedMail(to: string): Mail {
  return {
    to,
    subject: "Your Darwaza account was deleted",
    text: [
      "Your Darwaza account was deleted: its API keys no longer work, its subscription was",
      "cancelled, and your personal details were removed. Invoices and billing records are kept",
      "as the law requires.",
      "",
      "If you did not do this, contact support at once.",
    ].join("\n"),
  };
}
