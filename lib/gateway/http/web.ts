import { runtimeGateway } from "../runtime";
import { bodyTooLarge, clientGone, declaredTooLarge } from "./body-limit";
import { type GatewayRequest, type GatewayResponse, isStreamBody } from "./types";

/**
 * The Web mount (Request → Response), used by the Next route handlers under app/api/v1 so the
 * gateway also works under `next dev` and on platforms without the custom server.
 */
export async function handleWebRequest(request: Request): Promise<Response> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  if (request.signal.aborted) onAbort();
  else request.signal.addEventListener("abort", onAbort, { once: true });
  const response = await runtimeGateway().handle(webRequest(request, controller.signal));
  return toWebResponse(response, controller);
}

export function webRequest(request: Request, signal: AbortSignal): GatewayRequest {
  const url = new URL(request.url);
  return {
    method: request.method,
    path: url.pathname,
    query: url.search.slice(1),
    header: (name) => request.headers.get(name) ?? undefined,
    readBody: (limit) => readWebBody(request, limit),
    signal,
  };
}

async function readWebBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = request.headers.get("content-length");
  if (declaredTooLarge(declared, limit)) throw bodyTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  if (declared) {
    // Its length is known and within the limit (the HTTP layer enforces Content-Length): one read.
    try {
      return new Uint8Array(await request.arrayBuffer());
    } catch (error) {
      if (request.signal.aborted) throw clientGone();
      throw error;
    }
  }
  // No declared length (chunked): count as it arrives and stop at the limit.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => {});
        throw bodyTooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (request.signal.aborted) throw clientGone();
    throw error;
  }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

export function toWebResponse(response: GatewayResponse, controller: AbortController): Response {
  const { status, headers, body } = response;
  if (!isStreamBody(body)) {
    return new Response(body === null ? null : (body as BodyInit), { status, headers });
  }
  const iterator = body[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>({
    async pull(sink) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch {
        // The client left (or the upstream failed after the headers): the relay has metered it.
        next = { done: true, value: undefined };
      }
      try {
        if (next.done) sink.close();
        else sink.enqueue(next.value);
      } catch {
        // Cancelled meanwhile: nothing left to deliver to.
      }
    },
    async cancel() {
      // The client went away: abort the upstream and let the relay meter what was delivered.
      controller.abort();
      await iterator.return?.().catch(() => {});
    },
  });
  return new Response(stream, { status, headers });
}
