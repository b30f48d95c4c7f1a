/** What an admin form gets back from its server action. */
export interface ActionState {
  ok?: boolean;
  message?: string;
  error?: string;
  /** The first problem with each field, by field name, shown beside it. */
  fieldErrors?: Record<string, string>;
  /** A key just created: its secret travels to the browser this once. */
  created?: {
    key: string;
    label: string;
    display: string;
    accountId: string;
    createdAccount: boolean;
  };
}

export type AdminFormAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** A save that may be refused: the refusal names a field when it is about one. */
export type SaveResult = { ok: true } | { ok: false; field?: string; error: string };

/** A form the schema refused: each problem beside its field. */
export function invalidState(fieldErrors: Record<string, string>): ActionState {
  return { error: "Please correct the fields marked below.", fieldErrors };
}

/** A refused save as the form shows it: beside its field when it names one, else on the form. */
export function refusedState(result: Extract<SaveResult, { ok: false }>): ActionState {
  return result.field ? invalidState({ [result.field]: result.error }) : { error: result.error };
}
