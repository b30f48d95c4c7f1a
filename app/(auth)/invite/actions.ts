"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { setCurrentAccount } from "@/lib/auth/current-account";
import { action, text } from "@/lib/http/action";
import { acceptInvitation } from "@/lib/teams/invitations";
import { homeFor } from "@/lib/teams/roles";

const tokenSchema = z.object({ token: text(z.string().max(100)) });

/** Joins the account the invitation is for, then shows it: the new account becomes the current one. */
export const acceptInvite = action(
  {
    role: "user",
    schema: tokenSchema,
    returnTo: "/dashboard",
    invalid: () => redirect("/invite?error=invalid"),
  },
  async ({ token }, { user, actor }): Promise<never> => {
    const result = await acceptInvitation({ token, user, actor });
    if (!result.ok) redirect(`/invite?${new URLSearchParams({ token, error: result.error })}`);
    await setCurrentAccount(result.accountId);
    redirect(homeFor(result.role));
  },
);
