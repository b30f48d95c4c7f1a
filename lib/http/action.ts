import { redirect } from "next/navigation";
import { z } from "zod";
import { requireAdmin } from "@/lib/admin/require-admin";
import { type Actor, userActor } from "@/lib/audit/record";
import { type CurrentUser, getCurrentUser } from "@/lib/auth/current-user";
import { denyPage } from "@/lib/teams/require";
import { can, type Permission } from "@/lib/teams/roles";

/** Who may run an action: anyone, any signed-in user (customer or admin), or admins only. */
export type ActionRole = "public" | "user" | "admin";

/** The first problem with each field, by field name ("form" for the form as a whole). */
export type FieldErrors = Record<string, string>;

type Schema = z.ZodType | undefined;
type Parsed<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

/** Who is acting: the user, and how they appear in audit_logs (written with the change itself). */
type Caller<R extends ActionRole> = R extends "public"
  ? { user: null; actor: null }
  : { user: CurrentUser; actor: Actor };

export type ActionContext<R extends ActionRole> = Caller<R> & { form: FormData };

export interface ActionOptions<R extends ActionRole, S extends Schema, State> {
  role: R;
  /** Parses the form's fields (by name); without one the action takes no input. */
  schema?: S;
  /** What the form shows when the schema refuses it. */
  invalid?: (errors: FieldErrors, form: FormData) => State;
  /** What the form shows a caller whose session ended; without it they go to sign-in. */
  signedOut?: State;
  /** Where sign-in sends them back to (default: the portal, or the console for admins). */
  returnTo?: string;
  /** What the user's role in the current account must grant (lib/teams/roles.ts). */
  permission?: Permission;
  /** What the form shows a member whose role lacks `permission`; without it, a 403. */
  refused?: State;
}

/**
 * A server action: called by useActionState with the previous state and the form, or by a plain
 * `<form action>` with the form alone.
 */
export interface ServerAction<State> {
  (form: FormData): Promise<State>;
  // Last, so that useActionState infers its payload (FormData) from this one.
  (previous: State, form: FormData): Promise<State>;
}

/**
 * A form text field: absent reads as "", as a browser sends an empty input, so the field's own
 * rule says what is wrong.
 */
export function text<S extends z.ZodType>(schema: S) {
  return z.preprocess((value) => value ?? "", schema);
}

function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
  return errors;
}

/** The signed-in caller, or null; a refused admin gets the same 403 (or sign-in) as the pages. */
async function signedIn<R extends ActionRole>(role: R, returnTo?: string) {
  const user = role === "admin" ? await requireAdmin(returnTo ?? "/admin") : await getCurrentUser();
  return user ? ({ user, actor: userActor(user) } as Caller<R>) : null;
}

/**
 * The one wrapper for server actions, portal and admin alike. An action is a public POST
 * endpoint whatever page shows its form, so every call checks the session and role, then parses
 * the form with the schema, then runs with the user and their audit actor.
 */
export function action<R extends ActionRole, State, S extends Schema = undefined>(
  options: ActionOptions<R, S, State>,
  run: (input: Parsed<S>, context: ActionContext<R>) => Promise<State>,
): ServerAction<State> {
  const act = async (...args: [State, FormData] | [FormData]): Promise<State> => {
    const form = args.length === 1 ? args[0] : args[1];
    // Public actions look at no session.
    const who =
      options.role === "public"
        ? ({ user: null, actor: null } as Caller<R>)
        : await signedIn(options.role, options.returnTo);
    if (!who) {
      if (options.signedOut !== undefined) return options.signedOut;
      redirect(`/signin?callbackUrl=${encodeURIComponent(options.returnTo ?? "/dashboard")}`);
    }
    if (options.permission && !can(who.user?.teamRole, options.permission)) {
      if (options.refused !== undefined) return options.refused;
      denyPage();
    }
    let input: unknown;
    if (options.schema) {
      const parsed = options.schema.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        if (!options.invalid) throw parsed.error;
        return options.invalid(fieldErrors(parsed.error), form);
      }
      input = parsed.data;
    }
    return run(input as Parsed<S>, { ...who, form });
  };
  return act as ServerAction<State>;
}
