import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { safeReturnPath } from "@/lib/auth/origin";
import { env } from "@/lib/config/env";
import { mailSettings } from "@/lib/mail/settings";

export const metadata: Metadata = { title: "Check your email" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** What every sign-up sees, new address or taken: the form never tells which. */
export default async function CheckEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  const testMode = mailSettings(env()).mode === "outbox";
  return (
    <>
      <h1 className="text-xl font-semibold">Check your email</h1>
      <p className="mt-2 text-sm text-zinc-600">
        We sent a message to the address you entered. Open the link in it to confirm your address,
        then sign in with your password.
      </p>
      {testMode && (
        <p
          data-testid="mail-test-mode"
          className="mt-3 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          <strong className="font-semibold">Test mode:</strong> this server sends no real email. The
          message is in the admin console&apos;s outbox and the server log.
        </p>
      )}
      <Link
        href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
        className={`${buttonStyles.primary} mt-6 block w-full text-center`}
      >
        Sign in
      </Link>
    </>
  );
}
