"use client";

import { useActionState } from "react";
import { resendVerification } from "@/app/(dashboard)/dashboard/account/actions";
import type { ResendState } from "@/app/(dashboard)/dashboard/account/password-state";

/** Asks an unverified user to confirm their address, and says when keys wait for it. */
export function EmailBanner({ email, keysWait }: { email: string; keysWait: boolean }) {
  const [state, action, pending] = useActionState<ResendState, FormData>(resendVerification, {});
  return (
    <div
      role="status"
      data-testid="verify-email-banner"
      className="mb-6 rounded-lg border border-brand-200 bg-brand-50 px-4 py-3 text-sm text-zinc-800"
    >
      <strong className="font-semibold">Confirm your email.</strong> We sent a link to {email}.{" "}
      {keysWait && "Your API keys work once you open it. "}
      <form action={action} className="inline">
        <button
          type="submit"
          disabled={pending}
          className="font-medium text-brand-700 underline disabled:opacity-50"
        >
          Send the link again
        </button>
      </form>
      {state.message && <span className="ml-2 text-zinc-600">{state.message}</span>}
    </div>
  );
}
