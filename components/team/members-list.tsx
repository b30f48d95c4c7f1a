import { buttonStyles } from "@/components/ui/button";
import { formatDateTime } from "@/lib/portal/format";
import type { TeamMember } from "@/lib/teams/members";
import { ASSIGNABLE_ROLES, isTeamRole, ROLE_LABELS } from "@/lib/teams/roles";

type FormAction = (form: FormData) => Promise<void>;

export interface MemberActions {
  changeRole: FormAction;
  remove: FormAction;
}

const roleName = (role: string) => (isTeamRole(role) ? ROLE_LABELS[role].name : role);

/** The team, one card per member (no table: it must fit a phone); controls only for managers. */
export function MembersList({
  members,
  currentUserId,
  actions,
}: {
  members: TeamMember[];
  currentUserId: string;
  /** Absent for roles that may only look. */
  actions?: MemberActions;
}) {
  return (
    <ul className="divide-y divide-zinc-100" aria-label="Members">
      {members.map((member) => (
        <li
          key={member.userId}
          className="flex flex-col gap-3 py-3 sm:flex-row sm:items-center sm:justify-between"
          data-testid="member-row"
          data-email={member.email}
        >
          <div className="min-w-0">
            <p className="break-all font-medium">
              {member.email}
              {member.userId === currentUserId && <span className="text-zinc-500"> (you)</span>}
            </p>
            <p className="text-sm text-zinc-600">
              <span data-testid="member-role">{roleName(member.role)}</span> · joined{" "}
              {formatDateTime(member.joinedAt)}
            </p>
          </div>
          {actions && member.role !== "owner" && (
            <div className="flex flex-wrap items-end gap-2">
              <form action={actions.changeRole} className="flex items-end gap-2">
                <input type="hidden" name="userId" value={member.userId} />
                <div>
                  <label htmlFor={`role-${member.userId}`} className="sr-only">
                    Role of {member.email}
                  </label>
                  <select
                    id={`role-${member.userId}`}
                    name="role"
                    defaultValue={member.role}
                    className="rounded-lg border border-zinc-300 bg-white px-2 py-2 text-sm"
                  >
                    {ASSIGNABLE_ROLES.map((role) => (
                      <option key={role} value={role}>
                        {ROLE_LABELS[role].name}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className={buttonStyles.secondary}>
                  Change role<span className="sr-only"> of {member.email}</span>
                </button>
              </form>
              <form action={actions.remove}>
                <input type="hidden" name="userId" value={member.userId} />
                <button type="submit" className={buttonStyles.ghost}>
                  Remove<span className="sr-only"> {member.email}</span>
                </button>
              </form>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
