/** What the webhook forms and their server actions exchange (types only: safe for the browser). */

export interface AddEndpointState {
  error?: string;
  /** The new endpoint's signing secret: in this one response only, stored encrypted. */
  created?: { id: string; url: string; secret: string };
}

export type AddEndpointAction = (
  previous: AddEndpointState,
  formData: FormData,
) => Promise<AddEndpointState>;
