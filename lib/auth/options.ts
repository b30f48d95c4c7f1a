import type { NextAuthOptions, Profile } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authorizeCredentials } from "./credentials";
import { linkOAuthLogin, oauthProviders, userIdForIdentity } from "./oauth";
import {
  authSecret,
  SESSION_MAX_AGE_SECONDS,
  secureCookies,
  trustHostWhenUnconfigured,
} from "./session-config";
import { clientIp } from "./throttle";

// Google says whether it checked the address; GitHub only hands out addresses it verified.
function emailVerified(provider: string, profile: Profile | undefined): boolean {
  if (provider === "github") return true;
  return profile !== undefined && "email_verified" in profile && profile.email_verified === true;
}

function buildOptions(): NextAuthOptions {
  trustHostWhenUnconfigured();
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // HttpOnly and SameSite=Lax are next-auth's defaults; Secure follows the public URL.
    useSecureCookies: secureCookies(),
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        authorize: (credentials, req) =>
          authorizeCredentials(credentials, clientIp(req.headers ?? {})),
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.type !== "oauth") return true;
        const userId = await linkOAuthLogin({
          provider: account.provider,
          providerAccountId: account.providerAccountId,
          email: user.email,
          emailVerified: emailVerified(account.provider, profile),
          name: user.name,
        });
        return userId !== null;
      },
      async jwt({ token, user, account }) {
        // The token's subject is always our user id, never a provider's account id.
        if (account?.type === "oauth") {
          token.sub =
            (await userIdForIdentity(account.provider, account.providerAccountId)) ?? undefined;
        } else if (user) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

const KEY = Symbol.for("darwaza.auth.options");
type Holder = { [KEY]?: NextAuthOptions };

/** Built on first use (not at import), so `next build` never reads secrets or env. */
export function authOptions(): NextAuthOptions {
  const holder = globalThis as Holder;
  holder[KEY] ??= buildOptions();
  return holder[KEY];
}
