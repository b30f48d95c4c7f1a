import type { Metadata } from "next";
import { InviteForm } from "@/components/team/invite-form";
import { MembersList } from "@/components/team/members-list";
import { PendingInvitations } from "@/components/team/pending-invitations";
import { TransferForm } from "@/components/team/transfer-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { pendingInvitations } from "@/lib/teams/invitations";
import { teamMembers } from "@/lib/teams/members";
import { requirePermission } from "@/lib/teams/require";
import { can, ROLE_LABELS, TEAM_ROLES } from "@/lib/teams/roles";
import {
  changeRole,
  inviteMember,
  removeFromTeam,
  transferTo,
  withdrawInvitation,
} from "./actions";

export const metadata: Metadata = { title: "Team" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const one = (value: string | string[] | undefined) =>
  typeof value === "string" ? value : undefined;

export default async function TeamPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requirePermission("team:view", "/dashboard/team");
  const params = await searchParams;
  const manage = can(user.teamRole, "team:manage");
  const [members, invitations] = await Promise.all([
    teamMembers(user.accountId),
    manage ? pendingInvitations(user.accountId) : Promise.resolve([]),
  ]);
  const error = one(params.error);
  const notice = one(params.notice);
  return (
    <>
      <PageHeader
        title="Team"
        description="Who can use this account, and what each role may see and do."
      />
      <div className="space-y-6">
        {error && <Alert>{error}</Alert>}
        {notice && (
          <Alert tone="success" testId="team-notice">
            {notice}
          </Alert>
        )}
        {manage && (
          <Card title="Invite someone">
            <InviteForm action={inviteMember} />
          </Card>
        )}
        <Card title="Members">
          <MembersList
            members={members}
            currentUserId={user.id}
            actions={manage ? { changeRole, remove: removeFromTeam } : undefined}
          />
        </Card>
        {manage && (
          <Card title="Open invitations">
            <PendingInvitations invitations={invitations} withdraw={withdrawInvitation} />
          </Card>
        )}
        {can(user.teamRole, "account:transfer") && (
          <Card title="Transfer ownership">
            <p className="mb-3 text-sm text-zinc-600">
              The new owner can do everything, including deleting the account. You stay on as an
              admin.
            </p>
            <TransferForm members={members} action={transferTo} />
          </Card>
        )}
        <Card title="Roles">
          <dl className="grid gap-3 text-sm sm:grid-cols-2">
            {TEAM_ROLES.map((role) => (
              <div key={role}>
                <dt className="font-medium">{ROLE_LABELS[role].name}</dt>
                <dd className="text-zinc-600">{ROLE_LABELS[role].description}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
