/** What the invite form shows after a submit. */
export interface InviteState {
  errors: Partial<Record<"email" | "role" | "form", string>>;
  /** The address just invited. */
  invited?: string;
}

export type InviteAction = (state: InviteState, form: FormData) => Promise<InviteState>;
