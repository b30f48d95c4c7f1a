import { formatMicros } from "@/lib/credit/money";
import type { Mail } from "@/lib/mail/mailer";
import type { RechargeDeps } from "./deps";

export function autoRechargeOffMail(
  to: string,
  input: { failures: number; reason: string; amountMicros: bigint; link: string | null },
): Mail {
  return {
    to,
    subject: "Darwaza auto-recharge is off: your card could not be charged",
    text: [
      `We tried ${input.failures} times to charge your saved card ${formatMicros(input.amountMicros)} to recharge your Darwaza credit, and each attempt failed.`,
      `The last answer was: ${input.reason}`,
      "",
      "Auto-recharge is now turned off, so calls past your plan's allowance stop once your credit runs out.",
      "Top up with a card that works (it is saved for next time) and turn auto-recharge on again:",
      "",
      input.link ?? "Darwaza portal → Credit",
    ].join("\n"),
  };
}

/** Tells every member of the account; a mail that cannot be sent is logged, not retried. */
export async function notifyAutoRechargeOff(
  deps: RechargeDeps,
  accountId: string,
  input: { failures: number; reason: string; amountMicros: bigint },
): Promise<void> {
  const members = await deps.db.membership.findMany({
    where: { accountId },
    select: { user: { select: { email: true } } },
  });
  for (const { user } of members) {
    const mail = autoRechargeOffMail(user.email, { ...input, link: deps.creditPageUrl });
    await deps.mailer
      .send(mail)
      .catch((error: unknown) => console.error("Auto-recharge: could not send the mail", error));
  }
}
