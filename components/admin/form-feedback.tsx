import { Alert } from "@/components/ui/alert";
import type { ActionState } from "@/lib/admin/action-state";

/** The outcome of an admin form: its error, or what changed. */
export function FormFeedback({ state }: { state: ActionState }) {
  if (state.error) return <Alert>{state.error}</Alert>;
  if (state.message) return <Alert tone="success">{state.message}</Alert>;
  return null;
}
