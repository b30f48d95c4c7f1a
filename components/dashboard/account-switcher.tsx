import { buttonStyles } from "@/components/ui/button";
import { isTeamRole, ROLE_LABELS } from "@/lib/teams/roles";

export interface SwitchableAccount {
  id: string;
  name: string;
  role: string;
}

/** Which account the portal shows, for members of several; a plain form, works without script. */
export function AccountSwitcher({
  accounts,
  currentId,
  action,
}: {
  accounts: SwitchableAccount[];
  currentId: string;
  action: (form: FormData) => Promise<void>;
}) {
  if (accounts.length < 2) return null;
  return (
    <form
      action={action}
      className="mx-auto flex max-w-6xl items-center gap-2 px-4 pt-2 sm:px-6"
      data-testid="account-switcher"
    >
      <label htmlFor="account-switcher" className="text-sm text-zinc-600">
        Account
      </label>
      <select
        id="account-switcher"
        name="account"
        defaultValue={currentId}
        className="min-w-0 max-w-full flex-1 truncate rounded-lg border border-zinc-300 bg-white px-2 py-1.5 text-sm sm:max-w-xs sm:flex-none"
      >
        {accounts.map((account) => (
          <option key={account.id} value={account.id}>
            {account.name} (
            {isTeamRole(account.role) ? ROLE_LABELS[account.role].name : account.role})
          </option>
        ))}
      </select>
      <button type="submit" className={`${buttonStyles.secondary} px-2 py-1.5`}>
        Switch
      </button>
    </form>
  );
}
