import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";
import { resetTokenUsable } from "@/lib/auth/password-reset";
import { ResetForm } from "./reset-form";

export const metadata: Metadata = { title: "Choose a new password" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The link from the reset mail: shows the form while the link is unused and unexpired. */
export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).token;
  const token = (Array.isArray(raw) ? raw[0] : raw) ?? "";
  if (!(await resetTokenUsable(token))) {
    return (
      <>
        <h1 className="text-xl font-semibold" data-testid="reset-result">
          This link does not work
        </h1>
        <p className="mt-2 text-sm text-zinc-600">
          It has expired or was already used. Ask for a new one: it works once, for one hour.
        </p>
        <Link
          href="/forgot-password"
          className={`${buttonStyles.primary} mt-6 block w-full text-center`}
        >
          Send a new link
        </Link>
      </>
    );
  }
  return (
    <>
      <h1 className="text-xl font-semibold">Choose a new password</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Setting it signs you out on every device; sign in again with the new one.
      </p>
      <ResetForm token={token} />
    </>
  );
}
