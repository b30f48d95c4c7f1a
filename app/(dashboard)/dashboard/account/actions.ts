"use server";

import { getServerSession } from "next-auth";
import { z } from "zod";
import { changePassword } from "@/lib/auth/change-password";
import { resendVerificationEmail } from "@/lib/auth/email-verification";
import { authOptions } from "@/lib/auth/options";
import { startSession } from "@/lib/auth/session";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action, text } from "@/lib/http/action";
import { mailer } from "../../../mailer";
import type { PasswordState, ResendState } from "./password-state";

const SESSION_ENDED = "Your session ended. Sign in again.";

const passwordSchema = z
  .object({
    current: text(z.string().min(1, "Enter your current password").max(200)),
    next: text(
      z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
    ),
    confirm: text(z.string()),
  })
  .refine((value) => value.next === value.confirm, {
    path: ["confirm"],
    error: "The two new passwords differ",
  });

/** Changes the password; other browsers are signed out, this one gets a fresh cookie. */
export const updatePassword = action(
  {
    role: "user",
    schema: passwordSchema,
    signedOut: { errors: { form: SESSION_ENDED } },
    invalid: (errors): PasswordState => ({
      errors: { current: errors.current, next: errors.next, confirm: errors.confirm },
    }),
  },
  async ({ current, next }, { user }): Promise<PasswordState> => {
    const session = await getServerSession(authOptions());
    const result = await changePassword(user.id, session?.user?.sv ?? 0, current, next);
    if (!result.ok) {
      return result.error === "wrong_password"
        ? { errors: { current: "That is not your current password" } }
        : { errors: { form: SESSION_ENDED } };
    }
    await startSession(result.user);
    return { errors: {}, changed: true };
  },
);

/** "Send the link again" from the portal banner: at most one mail a minute. */
export const resendVerification = action(
  { role: "user", signedOut: { message: SESSION_ENDED } },
  async (_input, { user }): Promise<ResendState> => {
    if (user.emailVerified) return { message: "Your email is already confirmed." };
    const sent = await resendVerificationEmail(mailer(), user.id, await requestOrigin());
    return {
      message: sent
        ? `We sent a new link to ${user.email}.`
        : "A link was sent less than a minute ago: check your inbox, or try again shortly.",
    };
  },
);
