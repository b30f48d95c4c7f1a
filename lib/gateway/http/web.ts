import type { Gateway } from "../gateway";
import { bodyTooLarge, clientGone, declaredTooLarge } from "./body-limit";
import { type GatewayRequest, type GatewayResponse, isStreamBody } from "./types";

/**
 * The Web mount (Request → Response), used by the Next route handlers under app/api/v1 so the
 * gateway also works under `next dev` and on platforms without the custom server.
 */
export async function handleGatewayWebRequest(
  gateway: Pick<Gateway, "handle">,
  request: Request,
): Promise<Response> {
  const gatewayRequest = new WebGatewayRequest(request);
  const response = await gateway.handle(gatewayRequest);
  return toWebResponse(response, gatewayRequest);
}

/**
 * The request as the core sees it. Its abort signal (following the client's) is made on first
 * use only: reading Next's request.signal costs measurably, and most calls never need it.
 */
export class WebGatewayRequest implements GatewayRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  private controller: AbortController | null = null;

  constructor(private readonly request: Request) {
    const url = new URL(request.url);
    this.method = request.method;
    this.path = url.pathname;
    this.query = url.search.slice(1);
  }

  header(name: string): string | undefined {
    return this.request.headers.get(name) ?? undefined;
  }

  /**
   * Next's route handlers see no socket: the last X-Forwarded-For hop, the one the server or
   * platform in front of them appended (`npm start` never routes /api/v1 here), else "unknown".
   */
  clientIp(): string {
    const hops = this.request.headers.get("x-forwarded-for")?.split(",") ?? [];
    return hops.at(-1)?.trim() || "unknown";
  }

  readBody(limit: number): Promise<Uint8Array> {
    return readWebBody(this.request, limit);
  }

  get signal(): AbortSignal {
    return this.abortController().signal;
  }

  /** Abort the call (the client went away); also what `signal` follows. */
  abort(): void {
    this.abortController().abort();
  }

  private abortController(): AbortController {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const client = this.request.signal;
      if (client.aborted) controller.abort();
      else client.addEventListener("abort", () => controller.abort(), { once: true });
    }
    return this.controller;
  }
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

export function toWebResponse(response: GatewayResponse, request: { abort(): void }): Response {
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
      request.abort();
      await iterator.return?.().catch(() => {});
    },
  });
  return new Response(stream, { status, headers });
}
