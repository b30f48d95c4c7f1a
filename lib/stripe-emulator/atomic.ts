import type { EmulatorContext } from "./context";
import { StripeApiError } from "./errors";

/**
 * Runs one change all-or-nothing, as a Stripe request is: on an error the state is put back and
 * the events it recorded are never sent (except a declined payment, which Stripe records too); on
 * success the state is saved, then its events go out.
 */
export function runAtomically<T>(
  ctx: EmulatorContext,
  change: (ctx: EmulatorContext) => T,
  persist = true,
): T {
  const snapshot = structuredClone(ctx.state.data);
  const seqBefore = ctx.state.data.seq;
  const pending: string[] = [];
  try {
    const result = change({ ...ctx, events: { deliver: (id) => pending.push(id) } });
    if (persist || ctx.state.data.seq !== seqBefore) ctx.state.save();
    for (const id of pending) ctx.events.deliver(id);
    return result;
  } catch (error) {
    if (error instanceof StripeApiError && error.keepsChanges) {
      // A declined payment is a fact at Stripe too: the failed PaymentIntent and its events stay.
      ctx.state.save();
      for (const id of pending) ctx.events.deliver(id);
      throw error;
    }
    ctx.state.data = snapshot;
    throw error;
  }
}
