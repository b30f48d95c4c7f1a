import { buttonStyles } from "@/components/ui/button";
import { formatDateTime } from "@/lib/portal/format";
import { isTeamRole, ROLE_LABELS } from "@/lib/teams/roles";

export interface PendingInvitation {
  id: string;
  email: string;
  role: string;
  expiresAt: Date;
}

/** Invitations not yet accepted, each with a way to withdraw it. */
export function PendingInvitations({
  invitations,
  withdraw,
}: {
  invitations: PendingInvitation[];
  withdraw: (form: FormData) => Promise<void>;
}) {
  if (invitations.length === 0)
    return <p className="text-sm text-zinc-600">No open invitations.</p>;
  return (
    <ul className="divide-y divide-zinc-100" aria-label="Open invitations">
      {invitations.map((invite) => (
        <li
          key={invite.id}
          className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:justify-between"
          data-testid="invitation-row"
        >
          <div className="min-w-0">
            <p className="break-all font-medium">{invite.email}</p>
            <p className="text-sm text-zinc-600">
              {isTeamRole(invite.role) ? ROLE_LABELS[invite.role].name : invite.role} · link works
              until {formatDateTime(invite.expiresAt)}
            </p>
          </div>
          <form action={withdraw}>
            <input type="hidden" name="id" value={invite.id} />
            <button type="submit" className={buttonStyles.ghost}>
              Withdraw<span className="sr-only"> the invitation of {invite.email}</span>
            </button>
          </form>
        </li>
      ))}
    </ul>
  );
}
