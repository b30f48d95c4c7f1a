/** A plan slug: lower-case letters, digits and dashes, starting with a letter. */
export const PLAN_SLUG = /^[a-z][a-z0-9-]{1,39}$/;

/**
 * The Stripe lookup key of one plan version. Version 1 of the default paid plans keeps the key
 * Darwaza always used, so prices made by earlier `npm run stripe:setup` runs are found again.
 */
export function lookupKeyFor(planId: string, version: number): string {
  if (version === 1 && (planId === "starter" || planId === "pro"))
    return `darwaza_${planId}_monthly_pkr`;
  return `darwaza_${planId.replaceAll("-", "_")}_v${version}_monthly_pkr`;
}
