"use server";

import { getServerSession } from "next-auth";
import { z } from "zod";
import { changePassword } from "@/lib/auth/change-password";
import { getCurrentUser } from "@/lib/auth/current-user";
import { resendVerificationEmail } from "@/lib/auth/email-verification";
import { authOptions } from "@/lib/auth/options";
import { startSession } from "@/lib/auth/session";
import { requestOrigin } from "@/lib/billing/request-origin";
import { mailer } from "../../../mailer";
import type { PasswordState, ResendState } from "./password-state";

const schema = z
  .object({
    current: z.string().min(1, "Enter your current password").max(200),
    next: z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
    confirm: z.string(),
  })
  .refine((value) => value.next === value.confirm, {
    path: ["confirm"],
    error: "The two new passwords differ",
  });

/** Changes the password; other browsers are signed out, this one gets a fresh cookie. */
export async function updatePassword(
  _previous: PasswordState,
  formData: FormData,
): Promise<PasswordState> {
  const user = await getCurrentUser();
  const session = await getServerSession(authOptions());
  if (!user) return { errors: { form: "Your session ended. Sign in again." } };
  const parsed = schema.safeParse({
    current: String(formData.get("current") ?? ""),
    next: String(formData.get("next") ?? ""),
    confirm: String(formData.get("confirm") ?? ""),
  });
  if (!parsed.success) {
    const fields = z.flattenError(parsed.error).fieldErrors;
    return {
      errors: {
        current: fields.current?.[0],
        next: fields.next?.[0],
        confirm: fields.confirm?.[0],
      },
    };
  }
  const result = await changePassword(
    user.id,
    session?.user?.sv ?? 0,
    parsed.data.current,
    parsed.data.next,
  );
  if (!result.ok) {
    return result.error === "wrong_password"
      ? { errors: { current: "That is not your current password" } }
      : { errors: { form: "Your session ended. Sign in again." } };
  }
  await startSession(result.user);
  return { errors: {}, changed: true };
}

/** "Send the link again" from the portal banner: at most one mail a minute. */
export async function resendVerification(
  _previous: ResendState,
  _formData: FormData,
): Promise<ResendState> {
  const user = await getCurrentUser();
  if (!user) return { message: "Your session ended. Sign in again." };
  if (user.emailVerified) return { message: "Your email is already confirmed." };
  const sent = await resendVerificationEmail(mailer(), user.id, await requestOrigin());
  return {
    message: sent
      ? `We sent a new link to ${user.email}.`
      : "A link was sent less than a minute ago: check your inbox, or try again shortly.",
  };
}
