import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { confirmEmailChange } from "@/lib/account/change-email";
import { getCurrentUser } from "@/lib/auth/current-user";
import { mailer } from "../../mailer";

export const metadata: Metadata = { title: "Confirm your new email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The link mailed to a new address: uses its token once and makes the address the account's. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = Array.isArray(raw) ? raw[0] : raw;
  const result = token ? await confirmEmailChange(mailer(), token) : { ok: false as const };
  const next = (await getCurrentUser()) ? "/dashboard/account" : "/signin?callbackUrl=%2Fdashboard";
  return (
    <>
      <h1 className="text-xl font-semibold" data-testid="confirm-email-result">
        {result.ok ? "Email changed" : "This link does not work"}
      </h1>
      <p className="mt-2 text-sm text-zinc-600">
        {result.ok
          ? `Your account now uses ${result.newEmail}; sign in with it from now on.`
          : "It has expired or was already used. Ask for a new one on your account page."}
      </p>
      <Link href={next} className={`${buttonStyles.primary} mt-6 block w-full text-center`}>
        Continue
      </Link>
    </>
  );
}
