import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { getCurrentUser } from "@/lib/auth/current-user";
import { verifyEmailToken } from "@/lib/auth/email-verification";
import { safeReturnPath } from "@/lib/auth/origin";

export const metadata: Metadata = { title: "Confirm your email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The link from the verification mail: uses its token once. */
export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const token = first(params.token);
  const result = token ? await verifyEmailToken(token) : { ok: false as const };
  // The page the sign-up was headed for (a plan's checkout) survives the trip through the mail.
  const returnTo = safeReturnPath(first(params.callbackUrl));
  const next = (await getCurrentUser())
    ? returnTo
    : `/signin?callbackUrl=${encodeURIComponent(returnTo)}`;
  return (
    <>
      <h1 className="text-xl font-semibold" data-testid="verify-result">
        {result.ok ? "Email confirmed" : "This link does not work"}
      </h1>
      <p className="mt-2 text-sm text-zinc-600">
        {result.ok
          ? "Thank you: your address is confirmed and your API keys work."
          : "It has expired or was already used. Sign in and ask for a new link from the dashboard."}
      </p>
      <Link href={next} className={`${buttonStyles.primary} mt-6 block w-full text-center`}>
        Continue
      </Link>
    </>
  );
}
