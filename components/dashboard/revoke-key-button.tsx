"use client";

import { useActionState, useState } from "react";
import { buttonStyles } from "@/components/ui/button";
import type { RevokeKeyAction, RevokeKeyState } from "@/lib/portal/key-forms";

const initial: RevokeKeyState = {};

// The confirmation replaces the button that had focus: move focus into it, not back to the page top.
const focusOnMount = (element: HTMLButtonElement | null) => element?.focus();

/** Revoke with a confirmation step: apps using the key stop working at once. */
export function RevokeKeyButton({
  id,
  label,
  action,
}: {
  id: string;
  label: string;
  action: RevokeKeyAction;
}) {
  const [state, submit, pending] = useActionState(action, initial);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button
        type="button"
        className="text-sm font-medium text-red-700 hover:underline"
        onClick={() => setConfirming(true)}
      >
        Revoke
      </button>
    );
  }
  return (
    <form
      action={submit}
      className="flex flex-wrap items-center justify-end gap-2"
      role="alertdialog"
      aria-label={`Revoke ${label}`}
    >
      <input type="hidden" name="id" value={id} />
      <span className="text-sm text-zinc-700">
        Revoke “{label}”? Apps using it stop working immediately.
      </span>
      <button
        type="button"
        ref={focusOnMount}
        className={`${buttonStyles.secondary} px-3 py-1`}
        onClick={() => setConfirming(false)}
      >
        Cancel
      </button>
      <button type="submit" className={`${buttonStyles.danger} px-3 py-1`} disabled={pending}>
        {pending ? "Revoking…" : "Yes, revoke"}
      </button>
      {state.error && (
        <span role="alert" className="w-full text-right text-sm text-red-700">
          {state.error}
        </span>
      )}
    </form>
  );
}
