import { buttonStyles } from "@/components/ui/button";
import type { TeamMember } from "@/lib/teams/members";

/** The owner hands the account to another member and becomes an admin. */
export function TransferForm({
  members,
  action,
}: {
  members: TeamMember[];
  action: (form: FormData) => Promise<void>;
}) {
  const others = members.filter((member) => member.role !== "owner");
  if (others.length === 0)
    return (
      <p className="text-sm text-zinc-600">Invite someone first: ownership goes to a member.</p>
    );
  return (
    <form action={action} className="flex flex-col gap-3 sm:flex-row sm:items-end">
      <div className="min-w-0 flex-1">
        <label htmlFor="transfer-to" className="block text-sm font-medium text-zinc-800">
          New owner
        </label>
        <select
          id="transfer-to"
          name="userId"
          className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
        >
          {others.map((member) => (
            <option key={member.userId} value={member.userId}>
              {member.email}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 text-sm text-zinc-800 sm:pb-2">
        <input type="checkbox" name="confirm" value="yes" required className="h-4 w-4" />I will
        become an admin
      </label>
      <button type="submit" className={buttonStyles.danger}>
        Transfer ownership
      </button>
    </form>
  );
}
