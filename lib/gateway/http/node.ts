import type { IncomingMessage, ServerResponse } from "node:http";
import { type GatewayError, toGatewayError } from "../errors";
import type { Gateway } from "../gateway";
import { errorResponse } from "../pipeline/respond";
import { runtimeGateway } from "../runtime";
import { bodyTooLarge, clientGone, declaredTooLarge } from "./body-limit";
import { type GatewayRequest, type GatewayResponse, isStreamBody } from "./types";

/**
 * The fast mount: server/main.ts hands every /api/v1 request here before Next sees it, so the
 * gateway pays for node:http only, not Next's request pipeline.
 */
export function handleNodeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return runtimeHandler(req, res);
}

/**
 * A node:http handler for a gateway instance (tests mount several in one process). The body is
 * read first (up to the gateway's limit) with plain stream events, then the core runs — usually
 * to completion without a promise — and the response is written. The one promise per request is
 * the one returned, which settles when the response has been handed over.
 */
export function nodeHandler(gateway: () => Pick<Gateway, "handle" | "deps">) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> =>
    new Promise<void>((resolve) => {
      const instance = gateway();
      const request = new NodeGatewayRequest(req, res);
      const write = (response: GatewayResponse) => {
        const streaming = writeNodeResponse(res, response, request);
        if (streaming) streaming.then(resolve, resolve);
        else resolve();
      };
      const broken = (error: unknown) => write(errorResponse(toGatewayError(error, "unknown"), {}));
      request.load(instance.deps.maxBodyBytes, () => {
        try {
          const response = instance.handle(request);
          if (response instanceof Promise) response.then(write, broken);
          else write(response);
        } catch (error) {
          // handle() answers every failure itself; this is the last line of defence.
          broken(error);
        }
      });
    });
}

const runtimeHandler = nodeHandler(runtimeGateway);

/** The request as the core sees it, its body already read (or the reason it could not be). */
class NodeGatewayRequest implements GatewayRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  private body: Uint8Array = EMPTY;
  private bodyError: GatewayError | null = null;
  private controller: AbortController | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    this.method = req.method ?? "GET";
    this.path = q === -1 ? url : url.slice(0, q);
    this.query = q === -1 ? "" : url.slice(q + 1);
  }

  header(name: string): string | undefined {
    const value = this.req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  }

  readBody(limit: number): Uint8Array {
    if (this.bodyError) throw this.bodyError;
    if (this.body.byteLength > limit) throw bodyTooLarge(limit);
    return this.body;
  }

  /**
   * The abort signal, made on first use: most calls never need one (no upstream to cancel), and
   * an AbortController plus a 'close' listener per request is measurable at this rate.
   */
  get signal(): AbortSignal {
    if (!this.controller) {
      const controller = new AbortController();
      this.controller = controller;
      const res = this.res;
      if (!res.socket || res.socket.destroyed) controller.abort();
      else
        res.on("close", () => {
          if (!res.writableFinished) controller.abort();
        });
    }
    return this.controller.signal;
  }

  /**
   * Read the body (at most `limit` bytes) and call `done` once: at its end, as soon as it is too
   * large (reading stops; the 413 closes the connection), or when the client goes away.
   */
  load(limit: number, done: () => void): void {
    const req = this.req;
    if (declaredTooLarge(req.headers["content-length"], limit)) {
      this.bodyError = bodyTooLarge(limit);
      done();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: GatewayError | null) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      this.bodyError = error;
      if (!error) this.body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size);
      done();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.resume(); // discard the rest
        finish(bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onClose = () => finish(clientGone());
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  }
}

const EMPTY = new Uint8Array(0);

function waitForDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** Write a response: at once for a buffered body, a promise that ends with the stream otherwise. */
export function writeNodeResponse(
  res: ServerResponse,
  response: GatewayResponse,
  request: Pick<GatewayRequest, "signal">,
): Promise<void> | undefined {
  const { status, headers, body } = response;
  if (!isStreamBody(body)) {
    if (body !== null) {
      headers["content-length"] = String(
        typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
      );
    }
    res.writeHead(status, headers);
    res.end(body ?? undefined);
    return undefined;
  }
  return writeNodeStream(res, status, headers, body, request.signal);
}

async function writeNodeStream(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  const iterator = body[Symbol.asyncIterator]();
  let finished = false;
  try {
    while (!signal.aborted) {
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        break;
      }
      if (!res.write(next.value)) await waitForDrain(res);
    }
  } catch {
    // The client left (or the upstream failed after the headers): the relay has metered it.
  } finally {
    if (!finished) await iterator.return?.().catch(() => {});
    res.end();
  }
}
