import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { getCurrentUser } from "@/lib/auth/current-user";
import { configuredOAuth } from "@/lib/auth/oauth";
import { safeReturnPath } from "@/lib/auth/origin";
import { OAuthButtons } from "../oauth-buttons";
import { signInMessage } from "./messages";
import { SignInForm } from "./signin-form";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // No page asked for: /signed-in sends an admin to the console and a customer to the portal.
  const callbackUrl = safeReturnPath(first(params.callbackUrl), "/signed-in");
  if (await getCurrentUser()) redirect(callbackUrl);
  const signUpHref = `/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 text-sm text-zinc-600">
        New here?{" "}
        <Link href={signUpHref} className="font-medium text-brand-700 underline">
          Create an account
        </Link>
      </p>
      {first(params.reset) === "done" && (
        <div className="mt-4">
          <Alert tone="success" testId="signin-reset-done">
            Your password was changed. Sign in with the new one.
          </Alert>
        </div>
      )}
      <SignInForm callbackUrl={callbackUrl} initialError={signInMessage(first(params.error))} />
      <OAuthButtons providers={configuredOAuth()} callbackUrl={callbackUrl} />
    </>
  );
}
