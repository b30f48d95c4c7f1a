"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { mailer } from "@/app/mailer";
import { requestOrigin } from "@/lib/billing/request-origin";
import { action, text } from "@/lib/http/action";
import type { InviteState } from "@/lib/teams/forms";
import { createInvitation, revokeInvitation } from "@/lib/teams/invitations";
import { invitationMail } from "@/lib/teams/mail";
import { changeMemberRole, removeMember, transferOwnership } from "@/lib/teams/members";

const PAGE = "/dashboard/team";

function back(query: Record<string, string>): never {
  redirect(`${PAGE}?${new URLSearchParams(query)}`);
}

const INVITE_ERRORS = {
  role: "Choose admin, developer or billing.",
  already_member: "That person is already a member of this account.",
  too_many: "This account has 50 open invitations. Withdraw some first.",
} as const;

const inviteSchema = z.object({
  email: text(
    z
      .string()
      .trim()
      .pipe(z.email("Enter a valid email address").max(320, "That email is too long")),
  ),
  role: text(z.enum(["admin", "developer", "billing"], "Choose a role")),
});

/** Invites an address with a role and mails it a single-use link. */
export const inviteMember = action(
  {
    role: "user",
    permission: "team:manage",
    refused: { errors: { form: "Your role cannot invite people." } },
    signedOut: { errors: { form: "Your session ended. Sign in again." } },
    schema: inviteSchema,
    invalid: (errors): InviteState => ({ errors: { email: errors.email, role: errors.role } }),
  },
  async ({ email, role }, { user, actor }): Promise<InviteState> => {
    const result = await createInvitation({
      accountId: user.accountId,
      email,
      role,
      invitedById: user.id,
      actor,
    });
    if (!result.ok) return { errors: { form: INVITE_ERRORS[result.error] } };
    revalidatePath(PAGE);
    const link = `${await requestOrigin()}/invite?token=${result.token}`;
    try {
      await mailer().send(
        invitationMail(result.email, {
          accountName: result.accountName,
          inviterEmail: user.email,
          role: result.role,
          link,
        }),
      );
    } catch (error) {
      console.error(
        "Invitation: the email could not be sent:",
        error instanceof Error ? error.message : error,
      );
      return {
        errors: {
          form: "The invitation was made but its email could not be sent. Invite again later.",
        },
      };
    }
    return { errors: {}, invited: result.email };
  },
);

const id = text(z.string().min(1).max(100));

export const withdrawInvitation = action(
  {
    role: "user",
    permission: "team:manage",
    returnTo: PAGE,
    schema: z.object({ id }),
    invalid: () => back({ error: "Invitation not found." }),
  },
  async ({ id }, { user, actor }): Promise<never> => {
    const done = await revokeInvitation({ accountId: user.accountId, id, actor });
    revalidatePath(PAGE);
    back(done ? { notice: "Invitation withdrawn." } : { error: "Invitation not found." });
  },
);

export const changeRole = action(
  {
    role: "user",
    permission: "team:manage",
    returnTo: PAGE,
    schema: z.object({ userId: id, role: text(z.string()) }),
    invalid: () => back({ error: "Member not found." }),
  },
  async ({ userId, role }, { user, actor }): Promise<never> => {
    const result = await changeMemberRole({ accountId: user.accountId, userId, role, actor });
    revalidatePath(PAGE);
    back(result.ok ? { notice: "Role changed." } : { error: result.error });
  },
);

export const removeFromTeam = action(
  {
    role: "user",
    permission: "team:manage",
    returnTo: PAGE,
    schema: z.object({ userId: id }),
    invalid: () => back({ error: "Member not found." }),
  },
  async ({ userId }, { user, actor }): Promise<never> => {
    const result = await removeMember({ accountId: user.accountId, userId, actor });
    revalidatePath(PAGE);
    // Someone who removed themselves has nothing left to see here.
    if (result.ok && userId === user.id) redirect("/dashboard");
    back(result.ok ? { notice: "Member removed." } : { error: result.error });
  },
);

export const transferTo = action(
  {
    role: "user",
    permission: "account:transfer",
    returnTo: PAGE,
    schema: z.object({ userId: id, confirm: z.literal("yes") }),
    invalid: () => back({ error: "Choose a member and confirm that you will become an admin." }),
  },
  async ({ userId }, { user, actor }): Promise<never> => {
    const result = await transferOwnership({
      accountId: user.accountId,
      fromUserId: user.id,
      toUserId: userId,
      actor,
    });
    revalidatePath(PAGE);
    back(
      result.ok
        ? { notice: "Ownership transferred. You are now an admin." }
        : { error: result.error },
    );
  },
);
