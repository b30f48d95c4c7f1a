"use client";

import { useActionState } from "react";
import { buttonStyles } from "@/components/ui/button";
import type { ActionState, AdminFormAction } from "@/lib/admin/action-state";

const initial: ActionState = {};

/** A one-button removal (upstream or custom endpoint), its outcome shown beside it. */
export function RemoveForm({ action, name }: { action: AdminFormAction; name: string }) {
  const [state, submit, pending] = useActionState(action, initial);
  return (
    <form action={submit} className="inline-flex items-center gap-2">
      <input type="hidden" name="name" value={name} />
      <button type="submit" className={buttonStyles.secondary} disabled={pending}>
        {pending ? "Removing…" : "Remove"}
      </button>
      {state.error && <span className="text-xs text-red-600">{state.error}</span>}
    </form>
  );
}
