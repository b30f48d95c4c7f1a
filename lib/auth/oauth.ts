import GitHubProvider from "next-auth/providers/github";
import GoogleProvider from "next-auth/providers/google";
import type { Provider } from "next-auth/providers/index";
import { createUserWithAccount, normalizeEmail } from "@/lib/accounts/create-user";
import { env } from "@/lib/config/env";
import { db, services } from "@/lib/services";
import { isConfiguredAdmin } from "./admin-emails";

export interface OAuthChoice {
  id: "github" | "google";
  name: string;
}

/** Only the providers whose id and secret are configured; the sign-in page shows exactly these. */
export function configuredOAuth(): OAuthChoice[] {
  const config = env();
  const choices: OAuthChoice[] = [];
  if (config.GITHUB_ID && config.GITHUB_SECRET) choices.push({ id: "github", name: "GitHub" });
  if (config.GOOGLE_ID && config.GOOGLE_SECRET) choices.push({ id: "google", name: "Google" });
  return choices;
}

export function oauthProviders(): Provider[] {
  const config = env();
  return configuredOAuth().map(({ id }) =>
    id === "github"
      ? GitHubProvider({
          clientId: config.GITHUB_ID ?? "",
          clientSecret: config.GITHUB_SECRET ?? "",
        })
      : GoogleProvider({
          clientId: config.GOOGLE_ID ?? "",
          clientSecret: config.GOOGLE_SECRET ?? "",
        }),
  );
}

export interface OAuthLogin {
  provider: string;
  providerAccountId: string;
  email: string | null | undefined;
  /** Linking by email is only safe when the provider vouches for the address. */
  emailVerified: boolean;
  name: string | null | undefined;
}

/**
 * The user id an OAuth login belongs to: its linked identity, else the user with the same
 * (verified) email, else a new user with a Free account. null refuses the login.
 */
export async function linkOAuthLogin(login: OAuthLogin): Promise<string | null> {
  const key = { provider: login.provider, providerAccountId: login.providerAccountId };
  const linked = await db().oAuthIdentity.findUnique({
    where: { provider_providerAccountId: key },
    select: { userId: true, user: { select: { email: true } } },
  });
  if (linked) {
    // The identity was linked through this address; the provider vouches for it again now.
    if (login.emailVerified && login.email && normalizeEmail(login.email) === linked.user.email) {
      await markVerified(linked.userId);
    }
    return linked.userId;
  }
  if (!login.email || !login.emailVerified) return null;
  const email = normalizeEmail(login.email);
  const created = await createUserWithAccount({
    email,
    name: login.name ?? null,
    emailVerifiedAt: new Date(),
  });
  // null: the email already has a user (or one was created concurrently): link to it.
  const user =
    created?.user ?? (await db().user.findUnique({ where: { email }, select: { id: true } }));
  if (!user) return null;
  await db().oAuthIdentity.upsert({
    where: { provider_providerAccountId: key },
    create: { ...key, userId: user.id },
    update: {},
  });
  await markVerified(user.id);
  return user.id;
}

/** The user an OAuth identity is linked to (after linkOAuthLogin ran for this login). */
export async function userForIdentity(provider: string, providerAccountId: string) {
  const identity = await db().oAuthIdentity.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId } },
    select: { user: { select: { id: true, sessionVersion: true } } },
  });
  return identity?.user ?? null;
}

/**
 * The provider verified this user's address: record it (their keys work where verification is
 * required) and promote it when DARWAZA_ADMIN_EMAILS lists it.
 */
async function markVerified(userId: string): Promise<void> {
  const user = await db().user.findUnique({
    where: { id: userId },
    select: { email: true, role: true, emailVerifiedAt: true },
  });
  if (!user) return;
  const promote = user.role !== "admin" && isConfiguredAdmin(user.email);
  if (user.emailVerifiedAt && !promote) return;
  await db().user.update({
    where: { id: userId },
    data: {
      emailVerifiedAt: user.emailVerifiedAt ?? new Date(),
      ...(promote ? { role: "admin" } : {}),
    },
  });
  if (!user.emailVerifiedAt) await forgetAccounts(userId);
}

/** The gateway re-reads the user's accounts (their owner may just have become verified). */
async function forgetAccounts(userId: string): Promise<void> {
  const owned = await db().membership.findMany({ where: { userId }, select: { accountId: true } });
  const ids = owned.map((m) => m.accountId);
  await db().account.updateMany({ where: { id: { in: ids } }, data: { updatedAt: new Date() } });
  for (const id of ids) services().control.invalidate({ scope: "account", id });
}
