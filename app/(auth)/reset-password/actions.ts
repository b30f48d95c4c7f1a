"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { resetPassword } from "@/lib/auth/password-reset";
import { action, text } from "@/lib/http/action";
import type { ResetState } from "./state";

const resetSchema = z
  .object({
    token: text(z.string().max(200)),
    password: text(
      z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters"),
    ),
    confirm: text(z.string()),
  })
  .refine((value) => value.password === value.confirm, {
    path: ["confirm"],
    error: "The two passwords differ",
  });

/** Uses the link's token once to set the new password; every session of the user ends. */
export const setNewPassword = action(
  {
    role: "public",
    schema: resetSchema,
    invalid: (errors): ResetState => ({
      errors: { password: errors.password, confirm: errors.confirm, form: errors.token },
    }),
  },
  async ({ token, password }): Promise<ResetState> => {
    const result = await resetPassword(token, password);
    if (!result.ok) {
      return {
        errors: { form: "This link has expired or was already used. Ask for a new one." },
      };
    }
    redirect("/signin?reset=done");
  },
);
