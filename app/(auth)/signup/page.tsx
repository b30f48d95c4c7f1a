import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";
import { configuredOAuth } from "@/lib/auth/oauth";
import { safeReturnPath } from "@/lib/auth/origin";
import { formatCount } from "@/lib/plans/money";
import { PLANS } from "@/lib/plans/plans";
import { OAuthButtons } from "../oauth-buttons";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create your account" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function SignUpPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).callbackUrl;
  const callbackUrl = safeReturnPath(Array.isArray(raw) ? raw[0] : raw);
  if (await getCurrentUser()) redirect(callbackUrl);
  const free = PLANS.free.limits;
  return (
    <>
      <h1 className="text-xl font-semibold">Create your account</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Start on the Free plan: {formatCount(free.requestsPerDay)} requests and{" "}
        {formatCount(free.tokensPerDay)} tokens a day. Already have an account?{" "}
        <Link
          href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}
          className="font-medium text-brand-700 underline"
        >
          Sign in
        </Link>
      </p>
      <SignUpForm callbackUrl={callbackUrl} />
      <OAuthButtons providers={configuredOAuth()} callbackUrl={callbackUrl} />
    </>
  );
}
