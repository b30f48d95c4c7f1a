"use client";

import { useActionState, useState } from "react";
import { changeAccountStatus } from "@/app/admin/actions";
import { buttonStyles } from "@/components/ui/button";
import type { ActionState } from "@/lib/admin/action-state";
import { FormFeedback } from "./form-feedback";

const initial: ActionState = {};

/** Suspend (after a confirmation: every key stops at once) or reinstate an account. */
export function StatusForm({
  accountId,
  status,
}: {
  accountId: string;
  status: "active" | "suspended";
}) {
  const [state, submit, pending] = useActionState(changeAccountStatus, initial);
  // Remembers which status the confirmation was asked in: a new status (after the action, or
  // from another admin) starts it over without an effect.
  const [confirmingIn, setConfirmingIn] = useState<string | null>(null);
  const confirming = confirmingIn === status;
  const setConfirming = (on: boolean) => setConfirmingIn(on ? status : null);
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
