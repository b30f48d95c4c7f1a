import type { Metadata } from "next";
import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { invitationForToken } from "@/lib/teams/invitations";
import { ROLE_LABELS } from "@/lib/teams/roles";
import { acceptInvite } from "./actions";

export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) =>
  typeof value === "string" ? value : undefined;

function Unusable() {
  return (
    <>
      <h1 className="text-xl font-semibold">This invitation can&apos;t be used</h1>
      <p className="mt-2 text-sm text-zinc-600">
        It was already accepted, withdrawn, or it expired (links work for 7 days). Ask whoever
        invited you to send a new one.
      </p>
      <Link
        href="/dashboard"
        className="mt-6 inline-block text-sm font-medium text-brand-700 underline"
      >
        Go to your dashboard
      </Link>
    </>
  );
}

/** An invitation link: who invites you where, and the way in (sign in or sign up, then accept). */
export default async function InvitePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const token = one(params.token) ?? "";
  const invite = await invitationForToken(token);
  if (!invite.ok) return <Unusable />;
  const user = await getCurrentUser();
  const here = `/invite?token=${encodeURIComponent(token)}`;
  const role = ROLE_LABELS[invite.role];
  const wrongUser = user && user.email !== invite.email;
  return (
    <>
      <h1 className="text-xl font-semibold">Join {invite.accountName}</h1>
      <p className="mt-2 text-sm text-zinc-600">
        You are invited as <strong data-testid="invite-role">{role.name}</strong>:{" "}
        {role.description.toLowerCase()} The invitation is for{" "}
        <strong className="break-all">{invite.email}</strong>.
      </p>
      {one(params.error) === "wrong_email" && (
        <div className="mt-4">
          <Alert>This invitation is for another email address.</Alert>
        </div>
      )}
      {!user && (
        <div className="mt-6 space-y-3">
          <Link
            href={`/signin?callbackUrl=${encodeURIComponent(here)}`}
            className={`${buttonStyles.primary} block w-full text-center`}
          >
            Sign in to accept
          </Link>
          <Link
            href={`/signup?callbackUrl=${encodeURIComponent(here)}`}
            className={`${buttonStyles.secondary} block w-full text-center`}
          >
            Create an account with {invite.email}
          </Link>
        </div>
      )}
      {wrongUser && (
        <p className="mt-6 text-sm text-zinc-800">
          You are signed in as <strong className="break-all">{user.email}</strong>. Sign out, then
          open this link again and sign in as {invite.email}.
        </p>
      )}
      {user && !wrongUser && (
        <form action={acceptInvite} className="mt-6">
          <input type="hidden" name="token" value={token} />
          <button type="submit" className={`${buttonStyles.primary} w-full`}>
            Accept invitation
          </button>
        </form>
      )}
    </>
  );
}
