import type { UpstreamClient } from "../upstreams/client";
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
    chat: (call) =>
      run(call.signal, (t) =>
        // signal by name: a call's may be a getter on its prototype, which a spread leaves out.
        t.client.chat({
          ...call,
          signal: call.signal,
          body: { ...call.body, model: t.upstreamModel },
        }),
      ),
    embeddings: (call) =>
      run(call.signal, (t) =>
        t.client.embeddings({ ...call, body: { ...call.body, model: t.upstreamModel } }),
      ),
    images: (call) =>
      run(call.signal, (t) =>
        t.client.images({ ...call, body: { ...call.body, model: t.upstreamModel } }),
      ),
    speech: (call) =>
      run(call.signal, (t) =>
        t.client.speech({ ...call, body: { ...call.body, model: t.upstreamModel } }),
      ),
    transcribe: (call) =>
      run(call.signal, (t) => {
        call.form.set("model", t.upstreamModel);
        return t.client.transcribe(call);
      }),
  };
}
