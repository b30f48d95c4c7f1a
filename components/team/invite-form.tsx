"use client";

import { useActionState, useEffect, useRef } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { InviteAction, InviteState } from "@/lib/teams/forms";
import { ASSIGNABLE_ROLES, ROLE_LABELS } from "@/lib/teams/roles";

const initial: InviteState = { errors: {} };

/** Email and role; the invitee gets a link by email. */
export function InviteForm({ action }: { action: InviteAction }) {
  const [state, submit, pending] = useActionState(action, initial);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.invited) form.current?.reset();
  }, [state.invited]);
  return (
    <div className="space-y-3">
      {state.errors.form && <Alert>{state.errors.form}</Alert>}
      {state.invited && (
        <Alert tone="success" testId="invite-sent">
          Invitation sent to {state.invited}.
        </Alert>
      )}
      <form
        ref={form}
        action={submit}
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        noValidate
      >
        <Field
          name="email"
          label="Email"
          type="email"
          autoComplete="off"
          error={state.errors.email}
          className="flex-1"
        />
        <div>
          <label htmlFor="invite-role" className="block text-sm font-medium text-zinc-800">
            Role
          </label>
          <select
            id="invite-role"
            name="role"
            defaultValue="developer"
            aria-invalid={state.errors.role ? true : undefined}
            className="mt-1 block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm sm:w-44"
          >
            {ASSIGNABLE_ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role].name}
              </option>
            ))}
          </select>
          {state.errors.role && <p className="mt-1 text-sm text-red-600">{state.errors.role}</p>}
        </div>
        <button type="submit" className={`${buttonStyles.primary} sm:mt-6`} disabled={pending}>
          {pending ? "Inviting…" : "Send invitation"}
        </button>
      </form>
    </div>
  );
}
