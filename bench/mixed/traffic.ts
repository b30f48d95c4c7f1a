import http from "node:http";

export type Kind = "chat" | "stream" | "usage";

export interface Client {
  plan: string;
  key: string;
  accountId: string;
  /** Share of the total rate this client sends. */
  weight: number;
}

export interface Outcome {
  kind: Kind;
  client: Client;
  status: number;
  /** From the moment the request was due (open loop: a slow server cannot hide its backlog). */
  latencyMs: number;
  /** Tokens the response reported (chat usage, or the stream's final usage chunk). */
  tokens: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

const CHAT = (stream: boolean) =>
  JSON.stringify({
    model: "demo-chat",
    messages: [{ role: "user", content: "Tell me about the gates of Lahore." }],
    max_tokens: 24,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });

function tokensOf(kind: Kind, body: string): number {
  if (kind === "usage") return 0;
  const match = [...body.matchAll(/"total_tokens":(\d+)/g)].at(-1);
  return match ? Number(match[1]) : 0;
}

/** One request of `kind` for `client`, resolved with its outcome (never rejects). */
export function send(base: string, kind: Kind, client: Client, dueAt: number): Promise<Outcome> {
  const url = new URL(kind === "usage" ? "/api/v1/usage" : "/api/v1/chat/completions", base);
  const body = kind === "usage" ? undefined : CHAT(kind === "stream");
  return new Promise((resolve) => {
    const done = (status: number, text: string) =>
      resolve({
        kind,
        client,
        status,
        latencyMs: performance.now() - dueAt,
        tokens: status === 200 ? tokensOf(kind, text) : 0,
      });
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: body ? "POST" : "GET",
        headers: {
          authorization: `Bearer ${client.key}`,
          ...(body
            ? {
                "content-type": "application/json",
                "content-length": String(Buffer.byteLength(body)),
              }
            : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => done(res.statusCode ?? 0, Buffer.concat(chunks).toString()));
        res.on("error", () => done(0, ""));
      },
    );
    req.setTimeout(30_000, () => req.destroy());
    req.on("error", () => done(0, ""));
    req.end(body);
  });
}

/** Pick a client by weight and a kind by the mix (60% chat, 25% streamed chat, 15% usage). */
export function chooser(clients: Client[]): (n: number) => { client: Client; kind: Kind } {
  const total = clients.reduce((sum, c) => sum + c.weight, 0);
  return (n) => {
    // Deterministic spread (golden-ratio sequence): the same mix on every run.
    const r = (n * 0.6180339887) % 1;
    let acc = 0;
    let client = clients[clients.length - 1];
    for (const candidate of clients) {
      acc += candidate.weight / total;
      if (r < acc) {
        client = candidate;
        break;
      }
    }
    const k = (n * 0.7548776662) % 1;
    const kind: Kind = k < 0.6 ? "chat" : k < 0.85 ? "stream" : "usage";
    return { client, kind };
  };
}

/**
 * Open-loop load: request n is due at start + n / rate whatever happened to the earlier ones,
 * and its latency counts from that moment.
 */
export async function drive(
  base: string,
  clients: Client[],
  rate: number,
  seconds: number,
  onOutcome: (outcome: Outcome) => void,
): Promise<number> {
  const pick = chooser(clients);
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let n = 0;
  while (n < total) {
    const now = performance.now();
    while (n < total && started + (n * 1000) / rate <= now) {
      const { client, kind } = pick(n);
      pending.push(send(base, kind, client, started + (n * 1000) / rate).then(onOutcome));
      n++;
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(pending);
  return (performance.now() - started) / 1000;
}
