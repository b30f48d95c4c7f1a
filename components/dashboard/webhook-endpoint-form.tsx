"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { buttonStyles } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { EVENT_LABELS, EVENT_TYPES } from "@/lib/webhooks/events";
import type { AddEndpointAction, AddEndpointState } from "@/lib/webhooks/forms";

const initial: AddEndpointState = {};

/** Add an endpoint: its URL and events; the signing secret is shown once, here. */
export function WebhookEndpointForm({ action }: { action: AddEndpointAction }) {
  const [state, submit, pending] = useActionState(action, initial);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const created = state.created && state.created.id !== dismissed ? state.created : null;

  useEffect(() => {
    if (state.created) form.current?.reset();
  }, [state.created]);

  return (
    <div className="space-y-4">
      {created && (
        <div
          role="status"
          data-testid="webhook-secret"
          className="rounded-xl border border-emerald-300 bg-emerald-50 p-4"
        >
          <p className="font-semibold text-emerald-950">Signing secret for {created.url}</p>
          <p className="mt-1 text-sm font-medium text-emerald-900">
            Verify each webhook with it (Standard Webhooks). Copy it now: you won&apos;t see it
            again.
          </p>
          <div className="mt-3 flex flex-col gap-2 sm:flex-row sm:items-center">
            <code
              data-testid="webhook-secret-value"
              className="block min-w-0 flex-1 select-all break-all rounded-lg border border-emerald-200 bg-white px-3 py-2 font-mono text-sm"
            >
              {created.secret}
            </code>
            <CopyButton text={created.secret} label="Copy secret" />
          </div>
          <button
            type="button"
            onClick={() => setDismissed(created.id)}
            className="mt-3 text-sm font-medium text-emerald-900 underline"
          >
            I&apos;ve saved it
          </button>
        </div>
      )}
      {state.error && <Alert>{state.error}</Alert>}
      <form ref={form} action={submit} className="space-y-4" noValidate>
        <Field
          name="url"
          label="Endpoint URL"
          type="url"
          placeholder="https://example.com/webhooks/darwaza"
          autoComplete="off"
        />
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">Events</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {EVENT_TYPES.map((type) => (
              <label key={type} className="flex items-start gap-2 text-sm text-zinc-800">
                <input
                  type="checkbox"
                  name="events"
                  value={type}
                  defaultChecked
                  className="mt-0.5 h-4 w-4"
                />
                <span>{EVENT_LABELS[type]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit" className={buttonStyles.primary} disabled={pending}>
          {pending ? "Adding…" : "Add endpoint"}
        </button>
      </form>
    </div>
  );
}
