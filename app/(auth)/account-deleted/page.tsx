import type { Metadata } from "next";
import Link from "next/link";
import { buttonStyles } from "@/components/ui/button";

export const metadata: Metadata = { title: "Account deleted" };

export default function AccountDeletedPage() {
  return (
    <>
      <h1 className="text-xl font-semibold" data-testid="account-deleted">
        Your account was deleted
      </h1>
      <p className="mt-2 text-sm text-zinc-600">
        Its API keys no longer work, its subscription was cancelled and your personal details were
        removed. Invoices and billing records are kept, as the law requires.
      </p>
      <Link href="/" className={`${buttonStyles.secondary} mt-6 block w-full text-center`}>
        Back to the home page
      </Link>
    </>
  );
}
