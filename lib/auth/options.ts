import type { NextAuthOptions, Profile } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { authorizeCredentials } from "./credentials";
import { linkOAuthLogin, oauthProviders, userForIdentity } from "./oauth";
import { sameOriginRedirect } from "./origin";
import {
  authSecret,
  SESSION_MAX_AGE_SECONDS,
  secureCookies,
  trustHostWhenUnconfigured,
} from "./session-config";
import { endSessionsOf, tokenVersion } from "./session-version";
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
          const linked = await userForIdentity(account.provider, account.providerAccountId);
          token.sub = linked?.id;
          token.sv = linked?.sessionVersion;
        } else if (user) {
          token.sub = user.id;
          token.sv = user.sessionVersion ?? 0;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) {
          session.user.id = token.sub;
          session.user.sv = tokenVersion(token);
        }
        return session;
      },
      redirect({ url, baseUrl }) {
        return sameOriginRedirect(url, baseUrl);
      },
    },
    events: {
      // Signing out ends the session everywhere the cookie was copied, not just in this browser.
      async signOut({ token }) {
        if (token?.sub) await endSessionsOf(token.sub, tokenVersion(token));
      },
    },
  };
}

let options: NextAuthOptions | undefined;

/** Built on first use (not at import), so `next build` never reads secrets or env. */
export function authOptions(): NextAuthOptions {
  options ??= buildOptions();
  return options;
}
