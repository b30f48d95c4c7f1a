import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserWithAccount } from "@/lib/accounts/create-user";
import { userActor } from "@/lib/audit/record";
import { db } from "@/lib/services";
import { setUpTestServices, type TestServices } from "@/lib/services/test-support";
import {
  acceptInvitation,
  createInvitation,
  invitationForToken,
  revokeInvitation,
} from "./invitations";
import { INVITE_TTL_MS, inviteTokenHash } from "./invite-token";
import { changeMemberRole, removeMember, teamMembers, transferOwnership } from "./members";

let testServices: TestServices;
beforeAll(async () => {
  testServices = await setUpTestServices({
    env: { DARWAZA_SECRET: "a-test-secret-that-is-long-enough-0123456789" },
  });
});
afterAll(() => testServices?.teardown());

let counter = 0;
async function person(who: string) {
  counter += 1;
  const created = await createUserWithAccount({ email: `${who}-${counter}@example.com` });
  if (!created) throw new Error("user not created");
  return { ...created.user, accountId: created.account.id, actor: userActor(created.user) };
}

async function roleOf(accountId: string, userId: string) {
  const row = await db().membership.findUnique({
    where: { userId_accountId: { userId, accountId } },
  });
  return row?.role ?? null;
}

async function invite(
  owner: Awaited<ReturnType<typeof person>>,
  email: string,
  role = "developer",
) {
  const result = await createInvitation({
    accountId: owner.accountId,
    email,
    role,
    invitedById: owner.id,
    actor: owner.actor,
  });
  if (!result.ok) throw new Error(result.error);
  return result;
}

describe("invitation tokens", () => {
  it("are stored only as a keyed hash: the token is in no column, and the hash needs the secret", async () => {
    const owner = await person("owner");
    const { id, token } = await invite(owner, "Dev@Example.com");
    const row = await db().invitation.findUniqueOrThrow({ where: { id } });
    expect(row.email).toBe("dev@example.com");
    expect(row.tokenHash).toBe(inviteTokenHash(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // A plain SHA-256 of the token is not what is stored: the server secret keys it.
    const { createHash } = await import("node:crypto");
    expect(row.tokenHash).not.toBe(createHash("sha256").update(token).digest("hex"));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(
      INVITE_TTL_MS - 5_000,
    );
  });

  it("work once even when 10 accepts race; make a membership with the invited role", async () => {
    const owner = await person("owner");
    const invitee = await person("invitee");
    const { token } = await invite(owner, invitee.email, "billing");
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        acceptInvitation({ token, user: invitee, actor: invitee.actor }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.error === "invalid")).toHaveLength(9);
    expect(await roleOf(owner.accountId, invitee.id)).toBe("billing");
    expect(await invitationForToken(token)).toEqual({ ok: false });
    const audit = await db().auditLog.findMany({
      where: { accountId: owner.accountId, action: { startsWith: "team." } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((row) => [row.action, row.actorEmail])).toEqual([
      ["team.invite", owner.email],
      ["team.accept", invitee.email],
    ]);
  });

  it("open nothing for another address (and stay usable by the invitee), nor when expired, withdrawn, or malformed", async () => {
    const owner = await person("owner");
    const invitee = await person("invitee");
    const stranger = await person("stranger");
    const { token, id } = await invite(owner, invitee.email);
    expect(await acceptInvitation({ token, user: stranger, actor: stranger.actor })).toEqual({
      ok: false,
      error: "wrong_email",
    });
    expect(await roleOf(owner.accountId, stranger.id)).toBeNull();

    await db().invitation.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await acceptInvitation({ token, user: invitee, actor: invitee.actor })).toEqual({
      ok: false,
      error: "invalid",
    });

    const second = await invite(owner, invitee.email);
    expect(
      await revokeInvitation({
        accountId: stranger.accountId,
        id: second.id,
        actor: stranger.actor,
      }),
    ).toBe(false);
    expect(
      await revokeInvitation({ accountId: owner.accountId, id: second.id, actor: owner.actor }),
    ).toBe(true);
    expect(
      await acceptInvitation({ token: second.token, user: invitee, actor: invitee.actor }),
    ).toEqual({ ok: false, error: "invalid" });

    for (const bad of ["", "x", `${second.token}x`, null, 42])
      expect(await acceptInvitation({ token: bad, user: invitee, actor: invitee.actor })).toEqual({
        ok: false,
        error: "invalid",
      });
    expect(await roleOf(owner.accountId, invitee.id)).toBeNull();
  });

  it("a newer invitation of the same address withdraws the older link; members and owner roles are refused", async () => {
    const owner = await person("owner");
    const invitee = await person("invitee");
    const first = await invite(owner, invitee.email);
    const second = await invite(owner, invitee.email, "admin");
    expect(await invitationForToken(first.token)).toEqual({ ok: false });
    expect(
      await acceptInvitation({ token: second.token, user: invitee, actor: invitee.actor }),
    ).toMatchObject({
      ok: true,
      role: "admin",
    });
    const again = await createInvitation({
      accountId: owner.accountId,
      email: invitee.email,
      role: "developer",
      invitedById: owner.id,
      actor: owner.actor,
    });
    expect(again).toEqual({ ok: false, error: "already_member" });
    const asOwner = await createInvitation({
      accountId: owner.accountId,
      email: "someone@example.com",
      role: "owner",
      invitedById: owner.id,
      actor: owner.actor,
    });
    expect(asOwner).toEqual({ ok: false, error: "role" });
  });
});

describe("members", () => {
  async function team() {
    const owner = await person("owner");
    const a = await person("a");
    const b = await person("b");
    for (const member of [a, b]) {
      const { token } = await invite(owner, member.email);
      await acceptInvitation({ token, user: member, actor: member.actor });
    }
    return { owner, a, b };
  }

  it("role changes are recorded; the owner's role changes only by transfer; the owner cannot be removed", async () => {
    const { owner, a, b } = await team();
    expect(
      await changeMemberRole({
        accountId: owner.accountId,
        userId: a.id,
        role: "billing",
        actor: owner.actor,
      }),
    ).toEqual({ ok: true });
    expect(await roleOf(owner.accountId, a.id)).toBe("billing");
    expect(
      (
        await changeMemberRole({
          accountId: owner.accountId,
          userId: owner.id,
          role: "developer",
          actor: a.actor,
        })
      ).ok,
    ).toBe(false);
    expect(
      (
        await changeMemberRole({
          accountId: owner.accountId,
          userId: a.id,
          role: "owner",
          actor: owner.actor,
        })
      ).ok,
    ).toBe(false);
    expect(
      (await removeMember({ accountId: owner.accountId, userId: owner.id, actor: a.actor })).ok,
    ).toBe(false);
    // Another account's member id is not found here.
    expect((await removeMember({ accountId: a.accountId, userId: b.id, actor: a.actor })).ok).toBe(
      false,
    );
    expect(
      await removeMember({ accountId: owner.accountId, userId: b.id, actor: owner.actor }),
    ).toEqual({ ok: true });
    expect(await roleOf(owner.accountId, b.id)).toBeNull();
    const change = await db().auditLog.findFirstOrThrow({
      where: { accountId: owner.accountId, action: "team.role_change" },
    });
    expect(change.details).toEqual({ email: a.email, from: "developer", to: "billing" });
  });

  it("two transfers at once leave exactly one owner; the old owner becomes an admin", async () => {
    const { owner, a, b } = await team();
    const results = await Promise.all(
      [a, b].map((to) =>
        transferOwnership({
          accountId: owner.accountId,
          fromUserId: owner.id,
          toUserId: to.id,
          actor: owner.actor,
        }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    const members = await teamMembers(owner.accountId);
    expect(members.filter((member) => member.role === "owner")).toHaveLength(1);
    expect(members.find((member) => member.userId === owner.id)?.role).toBe("admin");
    // The old owner can no longer transfer.
    expect(
      (
        await transferOwnership({
          accountId: owner.accountId,
          fromUserId: owner.id,
          toUserId: a.id,
          actor: owner.actor,
        })
      ).ok,
    ).toBe(false);
  });
});
