import { normalizeEmail } from "@/lib/accounts/create-user";
import { env } from "@/lib/config/env";

/**
 * Emails listed in DARWAZA_ADMIN_EMAILS get the admin role, once the address is verified (its
 * link, or an OAuth provider's verified email): listing an address proves nobody owns it.
 */
export function isConfiguredAdmin(email: string): boolean {
  const wanted = normalizeEmail(email);
  return env()
    .DARWAZA_ADMIN_EMAILS.split(",")
    .map(normalizeEmail)
    .some((listed) => listed !== "" && listed === wanted);
}
