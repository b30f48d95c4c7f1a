"use client";

import { useActionState } from "react";
import { buttonStyles } from "@/components/ui/button";
import type { ActionState, AdminFormAction } from "@/lib/admin/action-state";

const initial: ActionState = {};

/** A one-button plan action (archive, restore, move subscribers), its outcome beside it. */
export function PlanButton({
  action,
  id,
  label,
  fields = {},
  testId,
}: {
  action: AdminFormAction;
  id: string;
  label: string;
  fields?: Record<string, string>;
  testId?: string;
}) {
  const [state, submit, pending] = useActionState(action, initial);
  return (
    <form action={submit} className="inline-flex items-center gap-2">
      <input type="hidden" name="id" value={id} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        className={buttonStyles.secondary}
        disabled={pending}
        data-testid={testId}
      >
        {pending ? "Working…" : label}
      </button>
      {state.error && <span className="text-xs text-red-600">{state.error}</span>}
      {state.message && (
        <span className="text-xs text-emerald-700" data-testid={testId && `${testId}-result`}>
          {state.message}
        </span>
      )}
    </form>
  );
}
