import type { JsonCall, UpstreamClient } from "../upstreams/client";
import { type RetryOptions, type RouteTarget, withFailover } from "./failover";

/**
 * An UpstreamClient over several upstreams serving one public model: each call goes through
 * withFailover, with the body's model replaced by the chosen upstream's own name (aliases), and
 * `onServed` learns which upstream answered (for the usage event).
 */
export function routedClient(
  targets: readonly RouteTarget[],
  retry: RetryOptions,
  onServed: (target: RouteTarget) => void,
): UpstreamClient {
  async function run<T>(
    signal: AbortSignal | null,
    attempt: (target: RouteTarget) => Promise<T>,
  ): Promise<T> {
    const { value, target } = await withFailover(targets, retry, signal, attempt);
    onServed(target);
    return value;
  }
  return {
    chat: (call) => run(call.signal, async (t) => t.client.chat(aliased(call, t))),
    embeddings: (call) => run(call.signal, (t) => t.client.embeddings(aliased(call, t))),
    images: (call) => run(call.signal, (t) => t.client.images(aliased(call, t))),
    speech: (call) => run(call.signal, (t) => t.client.speech(aliased(call, t))),
    transcribe: (call) =>
      run(call.signal, (t) => {
        call.form.set("model", t.upstreamModel);
        return t.client.transcribe(call);
      }),
  };
}

/**
 * The call as one upstream gets it: its own name for the model. `signal` is copied by name: a
 * call may carry it as a getter on its prototype (lib/gateway/endpoints/chat.ts), which a spread
 * leaves out.
 */
function aliased<C extends JsonCall>(call: C, target: RouteTarget): C {
  return {
    ...call,
    signal: call.signal,
    body: { ...call.body, model: target.upstreamModel },
  };
}
