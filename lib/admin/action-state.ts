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
