import { env } from "@/lib/config/env";
import { serverSecret } from "@/lib/config/secret";

/** Sessions last 30 days; the JWT is re-issued on use, so active users stay signed in. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * Secure cookies only when the public URL is https: a plain-http localhost start must still be
 * able to sign in, and browsers drop Secure cookies sent over http.
 */
export function secureCookies(): boolean {
  const url = env().DARWAZA_PUBLIC_URL ?? process.env.NEXTAUTH_URL ?? "";
  return url.startsWith("https://");
}

/** next-auth's own naming, repeated here so sign-up and the proxy find the same cookie. */
export function sessionCookieName(): string {
  return `${secureCookies() ? "__Secure-" : ""}next-auth.session-token`;
}

/** The custom server sets NEXTAUTH_SECRET; `next dev` alone falls back to the same secret file. */
export function authSecret(): string {
  return process.env.NEXTAUTH_SECRET ?? serverSecret();
}

/**
 * With no public URL configured (the zero-setup start on any host and port), next-auth must take
 * its origin from the request's Host header or it would redirect everyone to localhost:3000.
 */
export function trustHostWhenUnconfigured(): void {
  if (!env().DARWAZA_PUBLIC_URL && !process.env.NEXTAUTH_URL) {
    process.env.AUTH_TRUST_HOST ??= "true";
  }
}
