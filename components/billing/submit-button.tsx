"use client";

import type { ReactNode } from "react";
import { useFormStatus } from "react-dom";

/** A submit button that says it is working while Stripe is being asked (and cannot be clicked twice). */
export function SubmitButton({
  children,
  className,
  testId,
}: {
  children: ReactNode;
  className: string;
  testId?: string;
}) {
  const { pending } = useFormStatus();
  return (
    <button
      type="submit"
      className={className}
      disabled={pending}
      data-testid={testId}
      aria-busy={pending}
    >
      {pending ? "Redirecting…" : children}
    </button>
  );
}
