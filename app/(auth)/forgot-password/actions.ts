"use server";

import { headers } from "next/headers";
import { after } from "next/server";
import { z } from "zod";
import { sendPasswordReset } from "@/lib/auth/password-reset";
import { takeResetSlot } from "@/lib/auth/reset-throttle";
import { clientIp } from "@/lib/auth/throttle";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action, text } from "@/lib/http/action";
import { mailer } from "../../mailer";
import type { ForgotState } from "./state";

const forgotSchema = z.object({
  email: text(
    z
      .string()
      .trim()
      .pipe(z.email("Enter a valid email address").max(320, "That email is too long")),
  ),
});

/**
 * Asks for a reset link. The answer is the same whether or not the address has an account, and
 * the lookup and mail run after it is sent, so its timing says nothing either.
 */
export const requestReset = action(
  {
    role: "public",
    schema: forgotSchema,
    invalid: (errors): ForgotState => ({ errors: { email: errors.email } }),
  },
  async ({ email }): Promise<ForgotState> => {
    const wait = await takeResetSlot(email, clientIp(await headers()));
    if (wait > 0) {
      const minutes = Math.max(1, Math.ceil(wait / 60));
      return {
        errors: {
          form: `Too many requests. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`,
        },
      };
    }
    const origin = await requestOrigin();
    after(() =>
      sendPasswordReset(mailer(), email, origin).catch((error: unknown) =>
        console.error("Password reset mail failed", error),
      ),
    );
    return { errors: {}, sent: true };
  },
);
