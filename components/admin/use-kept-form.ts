"use client";

import { type FormEvent, startTransition, useActionState, useEffect, useRef } from "react";
import type { ActionState, AdminFormAction } from "@/lib/admin/action-state";

const initial: ActionState = {};

/**
 * useActionState for the console's longer forms, submitted through onSubmit rather than the
 * form's `action`: React resets a form after an `action` runs, so a refused save (a bad URL, a
 * typo in the models JSON) would wipe everything the admin typed. Here the input stays until a
 * save succeeds, then the form is cleared for the next entry.
 */
export function useKeptForm(action: AdminFormAction) {
  const [state, dispatch, pending] = useActionState(action, initial);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => dispatch(data));
  };
  return { state, pending, onSubmit, formRef };
}
