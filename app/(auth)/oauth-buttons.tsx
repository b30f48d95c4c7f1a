"use client";

import { signIn } from "next-auth/react";
import { buttonStyles } from "@/components/ui/button";
import type { OAuthChoice } from "@/lib/auth/oauth";

/** GitHub / Google buttons, only for the providers the server has credentials for. */
export function OAuthButtons({
  providers,
  callbackUrl,
}: {
  providers: OAuthChoice[];
  callbackUrl: string;
}) {
  if (providers.length === 0) return null;
  return (
    <div className="mt-6 space-y-2">
      <p className="text-center text-xs uppercase tracking-wide text-zinc-500">or</p>
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className={`${buttonStyles.secondary} w-full`}
          onClick={() => void signIn(provider.id, { callbackUrl })}
        >
          Continue with {provider.name}
        </button>
      ))}
    </div>
  );
}
