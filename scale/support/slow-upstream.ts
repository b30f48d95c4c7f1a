import { writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";

/**
 * A local OpenAI-compatible chat upstream whose answers take as long as the prompt asks:
 * "chunks=20 delay=200" streams 20 words 200 ms apart (or answers after 20 × 200 ms when not
 * streaming). Lets tests hold requests and streams in flight while they stop an instance.
 */
export interface SlowUpstream {
  port: number;
  /** Requests currently being answered. */
  active(): number;
  close(): Promise<void>;
}

function pacing(body: { messages?: { content?: unknown }[] }): { chunks: number; delay: number } {
  const text = String(body.messages?.at(-1)?.content ?? "");
  const chunks = Number(/chunks=(\d+)/.exec(text)?.[1] ?? 5);
  const delay = Number(/delay=(\d+)/.exec(text)?.[1] ?? 100);
  return { chunks, delay };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startSlowUpstream(): Promise<SlowUpstream> {
  let active = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString() || "{}") as {
      model?: string;
      stream?: boolean;
      messages?: { content?: unknown }[];
    };
    const { chunks: words, delay } = pacing(body);
    const usage = { prompt_tokens: 8, completion_tokens: words, total_tokens: 8 + words };
    const base = { id: "chatcmpl-slow", created: Math.floor(Date.now() / 1000), model: body.model };
    active++;
    let gone = false;
    res.on("close", () => {
      gone = !res.writableFinished;
    });
    try {
      if (!body.stream) {
        await sleep(words * delay);
        const message = {
          role: "assistant",
          content: Array.from({ length: words }, (_, i) => `w${i}`).join(" "),
        };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            ...base,
            object: "chat.completion",
            choices: [{ index: 0, message, finish_reason: "stop" }],
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
      send({
        ...base,
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }],
      });
      for (let i = 0; i < words && !gone; i++) {
        await sleep(delay);
        send({
          ...base,
          object: "chat.completion.chunk",
          choices: [{ index: 0, delta: { content: ` w${i}` }, finish_reason: null }],
        });
      }
      send({
        ...base,
        object: "chat.completion.chunk",
        choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
      });
      send({ ...base, object: "chat.completion.chunk", choices: [], usage });
      res.end("data: [DONE]\n\n");
    } finally {
      active--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    active: () => active,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An upstreams file with the demo models plus `slow-chat` served by the slow upstream. */
export function writeUpstreamsFile(dir: string, slowPort: number): string {
  const file = path.join(dir, "upstreams.json");
  const config = {
    upstreams: [
      {
        id: "demo-llm",
        kind: "llm",
        baseUrl: "demo",
        models: [{ id: "demo-chat", price: { inputPer1k: 5, outputPer1k: 15 } }],
      },
      {
        id: "slow-llm",
        kind: "llm",
        baseUrl: `http://127.0.0.1:${slowPort}/v1`,
        timeoutMs: 120_000,
        models: [{ id: "slow-chat", price: { inputPer1k: 5, outputPer1k: 15 } }],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
