import type { z } from "zod";
import type { Actor } from "@/lib/keys/audit";
import type { ActionState } from "./action-state";
import { adminActor, requireAdmin } from "./require-admin";

function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * A server action for admins: checks the session and role on every call (an action is a public
 * POST endpoint, whatever page shows its form), parses the form with zod, then runs. A refused
 * caller gets the same 403 (or sign-in redirect) as the pages.
 */
export function adminAction<S extends z.ZodType>(
  schema: S,
  run: (input: z.output<S>, actor: Actor) => Promise<ActionState>,
) {
  return async (_state: ActionState, formData: FormData): Promise<ActionState> => {
    const user = await requireAdmin("/admin");
    const parsed = schema.safeParse(Object.fromEntries(formData));
    if (!parsed.success) {
      return {
        error: "Please correct the fields marked below.",
        fieldErrors: fieldErrors(parsed.error),
      };
    }
    return run(parsed.data, adminActor(user));
  };
}
