import type { IncomingMessage, ServerResponse } from "node:http";
import type { BlockList, Socket } from "node:net";
import { env } from "@/lib/config/env";
import { clientAddress, trustedProxies as parseTrustedProxies } from "@/lib/config/trusted-proxies";
import { type GatewayError, toGatewayError } from "../errors";
import type { Gateway } from "../gateway";
import { errorResponse } from "../pipeline/respond";
import { bodyTooLarge, clientGone, declaredTooLarge } from "./body-limit";
import { type GatewayRequest, type GatewayResponse, isStreamBody } from "./types";
import { writeTogether } from "./write-together";

/**
 * How a server mounts the gateway. Both are optional and cost nothing per request when unused.
 */
export interface NodeMountOptions {
  /**
   * Headers every response carries unless the gateway sets the same one (security headers):
   * merged into the one writeHead, because res.setHeader before it costs more than the merge.
   */
  headers?: (req: IncomingMessage) => Readonly<Record<string, string>>;
  /**
   * Told of a request that still works after its response started or that waits on I/O, so a
   * graceful stop can wait for it. A request answered at once (the usual case) creates no promise.
   */
  track?: (work: Promise<unknown>) => void;
  /** Peers whose X-Forwarded-For is believed; default: DARWAZA_TRUSTED_PROXIES. */
  trustedProxies?: BlockList;
}

/**
 * A node:http handler for a gateway instance (tests mount several in one process). The body is
 * read first (up to the gateway's limit) with plain stream events, then the core runs and the
 * response is written.
 */
export function nodeHandler(
  gateway: () => Pick<Gateway, "handle" | "deps">,
  options: NodeMountOptions = {},
) {
  const { headers: extraHeaders, track } = options;
  const addressOf = clientAddresses(options.trustedProxies);
  return (req: IncomingMessage, res: ServerResponse): void => {
    const instance = gateway();
    const request = new NodeGatewayRequest(req, res, addressOf);
    const write = (response: GatewayResponse): Promise<void> | undefined => {
      const extra = extraHeaders?.(req);
      if (extra) mergeMissing(response.headers, extra);
      return writeNodeResponse(res, response, request, extra);
    };
    request.load(instance.deps.maxBodyBytes, () => {
      let response: GatewayResponse | Promise<GatewayResponse>;
      try {
        response = instance.handle(request);
      } catch (error) {
        // handle() answers every failure itself; this is the last line of defence.
        response = unexpectedFailure(error);
      }
      if (response instanceof Promise) {
        const work = response.then(write, (error) => write(unexpectedFailure(error)));
        if (track) track(work);
        else work.catch(() => {});
        return;
      }
      const streaming = write(response);
      if (streaming) track?.(streaming);
    });
  };
}

type ClientAddressOf = (socket: Socket, forwardedFor: string | string[] | undefined) => string;

/**
 * The client address of a request (lib/http/client-ip.ts). Without X-Forwarded-For it depends on
 * the peer alone, so it is worked out once per connection (~3 µs each time otherwise).
 */
function clientAddresses(trustedProxies: BlockList | undefined): ClientAddressOf {
  let trusted = trustedProxies;
  const peers = new WeakMap<Socket, string>();
  // Parsed on first use: tests mount handlers before their environment is final.
  const proxies = () => {
    trusted ??= parseTrustedProxies(env().DARWAZA_TRUSTED_PROXIES);
    return trusted;
  };
  return (socket, forwardedFor) => {
    if (forwardedFor !== undefined) {
      return plainIpv4(clientAddress(socket.remoteAddress, forwardedFor, proxies()));
    }
    let address = peers.get(socket);
    if (address === undefined) {
      address = plainIpv4(clientAddress(socket.remoteAddress, undefined, proxies()));
      peers.set(socket, address);
    }
    return address;
  };
}

/** ::ffff:127.0.0.1 (an IPv4 client of a dual-stack socket) as customers know it: 127.0.0.1. */
function plainIpv4(address: string): string {
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}

function mergeMissing(target: Record<string, string>, extra: Readonly<Record<string, string>>) {
  for (const name in extra) if (!(name in target)) target[name] = extra[name];
}

/** The request as the core sees it, its body already read (or the reason it could not be). */
class NodeGatewayRequest implements GatewayRequest {
  readonly method: string;
  readonly path: string;
  readonly query: string;
  private body: Uint8Array = EMPTY;
  private bodyError: GatewayError | null = null;
  private controller: AbortController | null = null;
  private address: string | null = null;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly addressOf: ClientAddressOf,
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

  clientIp(): string {
    this.address ??= this.addressOf(this.req.socket, this.req.headers["x-forwarded-for"]);
    return this.address;
  }

  readBody(limit: number): Uint8Array {
    if (this.bodyError) throw this.bodyError;
    if (this.body.byteLength > limit) throw bodyTooLarge(limit);
    return this.body;
  }

  /**
   * The abort signal, made on first use: most calls never need one (no upstream to cancel), and
   * an AbortController plus a 'close' listener per request shows in npm run bench:profile.
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
   * Read the body (at most `limit` bytes) and call `done` once: at its end, when the client goes
   * away, or — for a body over the limit — once the rest has been read and discarded, so the 413
   * reaches clients and proxies (nginx) that only read an answer after sending everything; a peer
   * that gets its answer and a closed socket mid-upload reports a 502 instead. Beyond DRAIN_FACTOR
   * times the limit the 413 goes out at once and the connection is closed.
   */
  load(limit: number, done: () => void): void {
    const req = this.req;
    const cap = limit * DRAIN_FACTOR;
    let tooLarge = declaredTooLarge(req.headers["content-length"], limit);
    if (tooLarge && declaredTooLarge(req.headers["content-length"], cap)) {
      this.bodyError = bodyTooLarge(limit);
      done();
      return;
    }
    let chunks: Buffer[] = [];
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
      if (size > limit && !tooLarge) {
        tooLarge = true;
        chunks = [];
      }
      if (!tooLarge) chunks.push(chunk);
      else if (size > cap) {
        req.resume(); // discard what still comes; the 413 closes the connection
        finish(bodyTooLarge(limit));
      }
    };
    const onEnd = () => finish(tooLarge ? bodyTooLarge(limit) : null);
    const onClose = () => finish(clientGone());
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  }
}

/** How far past the body limit an upload is read (and dropped) so its 413 arrives cleanly. */
const DRAIN_FACTOR = 4;

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

/**
 * Write a response: a buffered body together with the other answers of this loop turn
 * (write-together.ts); a stream at once, returning a promise that ends with it. `always`: the
 * mount's headers for every response (security headers), which a fallback 500 carries too.
 */
export function writeNodeResponse(
  res: ServerResponse,
  response: GatewayResponse,
  request: Pick<GatewayRequest, "signal">,
  always?: Readonly<Record<string, string>>,
): Promise<void> | undefined {
  const { status, headers, body } = response;
  if (!isStreamBody(body)) {
    writeTogether(() => {
      try {
        writeBuffered(res, status, headers, body);
      } catch (error) {
        // A header Node refuses (a bug, not the client's doing): answer 500, never leave it hanging.
        if (res.headersSent) res.destroy();
        else writeFailure(res, error, always);
      }
    });
    return undefined;
  }
  return writeNodeStream(res, status, headers, body, request.signal);
}

function writeFailure(
  res: ServerResponse,
  error: unknown,
  always: Readonly<Record<string, string>> | undefined,
): void {
  const fallback = unexpectedFailure(error);
  if (always) {
    try {
      writeBuffered(res, fallback.status, { ...always, ...fallback.headers }, fallback.body);
      return;
    } catch {
      // The refused header was one of the mount's own: answer without them.
    }
  }
  writeBuffered(res, fallback.status, fallback.headers, fallback.body);
}

/** A 500 without internals, for a failure nothing upstream of the mount answered itself. */
function unexpectedFailure(error: unknown) {
  return errorResponse(toGatewayError(error, "unknown"), {});
}

function writeBuffered(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: Uint8Array | string | null,
): void {
  if (body !== null) {
    headers["content-length"] = String(
      typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
    );
  }
  res.writeHead(status, headers);
  res.end(body ?? undefined);
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
