import http from "node:http";

/** One keep-alive agent with no socket cap: "500 concurrent requests" means 500 sockets. */
const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The whole body arrived (false when the connection was cut mid-body). */
  complete: boolean;
  /** For streamed answers: the body ended with the SSE terminator. */
  done: boolean;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
}

/** A plain HTTP request to `url`; network failures resolve as status 0 (the caller counts them). */
export function request(url: string, options: RequestOptions = {}): Promise<Reply> {
  const target = new URL(url);
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers: {
          ...(options.body !== undefined
            ? { "content-length": String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        // 'close' comes after 'end', or alone when the connection was cut mid-body (a stream cut
        // at a shutdown deadline): the status stays what the server sent, `complete` says which.
        res.on("error", () => {});
        res.on("close", () => {
          const body = Buffer.concat(chunks).toString();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            complete: res.complete,
            done: body.trimEnd().endsWith("data: [DONE]"),
          });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error("timeout")));
    req.on("error", (error) =>
      resolve({ status: 0, headers: {}, body: error.message, complete: false, done: false }),
    );
    req.end(options.body);
  });
}

export function chat(
  base: string,
  key: string,
  options: { stream?: boolean; model?: string; prompt?: string } = {},
): Promise<Reply> {
  const body = JSON.stringify({
    model: options.model ?? "demo-chat",
    messages: [{ role: "user", content: options.prompt ?? "Say hello to Karachi." }],
    max_tokens: 16,
    ...(options.stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  return request(`${base}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
}

/** How many replies had each status: { 200: 10, 429: 490 }. */
export function countStatuses(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const reply of replies) counts[reply.status] = (counts[reply.status] ?? 0) + 1;
  return counts;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
