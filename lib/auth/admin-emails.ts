import { normalizeEmail } from "@/lib/accounts/create-user";
import { env } from "@/lib/config/env";

/** Emails listed in DARWAZA_ADMIN_EMAILS get the admin role when they sign up or sign in. */
export function isConfiguredAdmin(email: string): boolean {
  const wanted = normalizeEmail(email);
  return env()
    .DARWAZA_ADMIN_EMAILS.split(",")
    .map(normalizeEmail)
    .some((listed) => listed !== "" && listed === wanted);
}
