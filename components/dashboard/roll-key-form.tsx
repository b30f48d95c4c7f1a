"use client";

import { useActionState, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import type {
  EndOverlapAction,
  EndOverlapState,
  RollKeyAction,
  RollKeyState,
} from "@/lib/portal/key-forms";
import { NewKeyReveal } from "./new-key-reveal";

const OVERLAPS = [
  { value: "none", label: "No overlap: the old secret stops now" },
  { value: "1h", label: "1 hour" },
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
] as const;

/**
 * Roll: a new secret for the same key (same name, usage, limits and restrictions); the old
 * secret keeps working for the chosen overlap, so apps can switch without downtime.
 */
export function RollKeyForm({ id, action }: { id: string; action: RollKeyAction }) {
  const [state, submit, pending] = useActionState(action, {} as RollKeyState);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const rolled = state.rolled && state.rolled.key !== dismissed ? state.rolled : null;
  return (
    <div className="space-y-3">
      {rolled && (
        <NewKeyReveal
          label={rolled.label}
          secret={rolled.key}
          onDone={() => setDismissed(rolled.key)}
        />
      )}
      {state.error && <Alert>{state.error}</Alert>}
      <form action={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end">
        <input type="hidden" name="id" value={id} />
        <div className="flex-1">
          <label htmlFor="roll-overlap" className="block text-sm font-medium text-zinc-800">
            Old secret keeps working for
          </label>
          <select
            id="roll-overlap"
            name="overlap"
            defaultValue="24h"
            className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm"
          >
            {OVERLAPS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonStyles.secondary} disabled={pending}>
          {pending ? "Rolling…" : "Roll key"}
        </button>
      </form>
    </div>
  );
}

/** Stop accepting a rolled key's old secret now. */
export function EndOverlapButton({ id, action }: { id: string; action: EndOverlapAction }) {
  const [state, submit, pending] = useActionState(action, {} as EndOverlapState);
  return (
    <form action={submit} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={`${buttonStyles.secondary} px-3 py-1`} disabled={pending}>
        {pending ? "Stopping…" : "Stop the old secret now"}
      </button>
      {state.error && (
        <span role="alert" className="text-sm text-red-700">
          {state.error}
        </span>
      )}
    </form>
  );
}
