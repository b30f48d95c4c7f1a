"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { setCurrentAccount } from "@/lib/auth/current-account";
import { action, text } from "@/lib/http/action";
import { homeFor } from "@/lib/teams/roles";

/** The account switcher: only an account the user is a member of can become the current one. */
export const switchAccount = action(
  {
    role: "user",
    schema: z.object({ account: text(z.string().min(1).max(100)) }),
    invalid: () => redirect("/dashboard"),
  },
  async ({ account }, { user }): Promise<never> => {
    const membership = user.accounts.find((candidate) => candidate.id === account);
    if (!membership) redirect("/dashboard");
    await setCurrentAccount(membership.id);
    redirect(homeFor(membership.role));
  },
);
