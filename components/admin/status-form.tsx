"use client";

import { useActionState, useState } from "react";
import { changeAccountStatus } from "@/app/admin/actions";
import { buttonStyles } from "@/components/ui/button";
import type { ActionState } from "@/lib/admin/action-state";
import { FormFeedback } from "./form-feedback";

const initial: ActionState = {};

// The confirmation replaces the button that had focus: move focus into it, not back to the page top.
const focusOnMount = (element: HTMLButtonElement | null) => element?.focus();

/** Suspend (after a confirmation: every key stops at once) or reinstate an account. */
export function StatusForm({
  accountId,
  status,
}: {
  accountId: string;
  status: "active" | "suspended";
}) {
  const [state, submit, pending] = useActionState(changeAccountStatus, initial);
  const [confirming, setConfirming] = useState(false);
  // A new status (after the action, or from another admin) disarms the confirmation: reinstating
  // must never leave "Yes, suspend" one click away. Adjusted during render, as React advises.
  const [seenStatus, setSeenStatus] = useState(status);
  if (seenStatus !== status) {
    setSeenStatus(status);
    setConfirming(false);
  }
  const suspending = status === "active";
  return (
    <div className="space-y-3">
      {suspending && !confirming ? (
        <button type="button" className={buttonStyles.danger} onClick={() => setConfirming(true)}>
          Suspend account
        </button>
      ) : (
        <form action={submit} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="accountId" value={accountId} />
          <input type="hidden" name="status" value={suspending ? "suspended" : "active"} />
          {suspending && (
            <>
              <span className="text-sm text-zinc-700">
                All its keys will be refused (403) at once.
              </span>
              <button
                type="button"
                ref={focusOnMount}
                className={buttonStyles.secondary}
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </>
          )}
          <button
            type="submit"
            className={suspending ? buttonStyles.danger : buttonStyles.primary}
            disabled={pending}
          >
            {suspending ? "Yes, suspend" : pending ? "Reinstating…" : "Reinstate account"}
          </button>
        </form>
      )}
      <FormFeedback state={state} />
    </div>
  );
}
