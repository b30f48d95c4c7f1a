import type { IncomingMessage, ServerResponse } from "node:http";
import type { Gateway } from "../gateway";
import { runtimeGateway } from "../runtime";
import { bodyTooLarge, clientGone, declaredTooLarge } from "./body-limit";
import { type GatewayRequest, type GatewayResponse, isStreamBody } from "./types";

/**
 * The fast mount: server/main.ts hands every /api/v1 request here before Next sees it, so the
 * gateway pays for node:http only, not Next's request pipeline.
 */
export async function handleNodeRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  return runtimeHandler(req, res);
}

/** A node:http handler for a gateway instance (tests mount several in one process). */
export function nodeHandler(gateway: () => Pick<Gateway, "handle">) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const request = new NodeGatewayRequest(req, res);
    const response = await gateway().handle(request);
    const streaming = writeNodeResponse(res, response, request);
    if (streaming) await streaming;
  };
}

/**
 * The request as the core sees it. The abort signal is made on first use: most calls never
 * need one (no upstream to cancel), and an AbortController plus a 'close' listener per request
 * is measurable at tens of thousands of requests per second.
 */
const runtimeHandler = nodeHandler(runtimeGateway);

class NodeGatewayRequest implements GatewayRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
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

  readBody(limit: number): Promise<Uint8Array> {
    return readNodeBody(this.req, limit);
  }

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
}

function readNodeBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  if (declaredTooLarge(req.headers["content-length"], limit))
    return Promise.reject(bodyTooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop collecting at once; what is still in flight is discarded, and the 413 closes the connection.
        cleanup();
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onClose = () => {
      cleanup();
      reject(clientGone());
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  });
}

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
