import type { Mail } from "@/lib/mail/mailer";
import { ROLE_LABELS, type TeamRole } from "./roles";

export function invitationMail(
  to: string,
  invite: { accountName: string; inviterEmail: string; role: TeamRole; link: string },
): Mail {
  const role = ROLE_LABELS[invite.role];
  return {
    to,
    subject: `You're invited to ${invite.accountName} on Darwaza`,
    text: [
      `${invite.inviterEmail} invited you to join "${invite.accountName}" on Darwaza as ${role.name} (${role.description.toLowerCase()}).`,
      "",
      "Accept the invitation by opening this link (valid for 7 days, once). Sign in, or create an",
      "account with this email address, when it asks:",
      "",
      invite.link,
      "",
      "If you were not expecting this, ignore this message.",
    ].join("\n"),
  };
}
