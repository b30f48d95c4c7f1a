import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { type RunningServer, startServer } from "./servers";

export interface SeenCall {
  method: string;
  path: string;
  contentType: string | undefined;
  auth: string | undefined;
  body: string;
}

/** A local OpenAI-compatible upstream whose behaviour a test switches at will. */
export interface ScriptedUpstream extends RunningServer {
  calls: SeenCall[];
  /** "ok" answers, "fail" answers 500, "slow" waits `slowMs` before answering. */
  mode: "ok" | "fail" | "slow";
  slowMs: number;
  /** The usage an "ok" answer reports. */
  usage: { prompt_tokens: number; completion_tokens: number };
}

export async function scriptedUpstream(name: string): Promise<ScriptedUpstream> {
  // The handler reads the object the test holds, so switching `mode` takes effect at once.
  const state = {
    calls: [] as SeenCall[],
    mode: "ok" as ScriptedUpstream["mode"],
    slowMs: 2_000,
    usage: { prompt_tokens: 7, completion_tokens: 3 },
  };
  const server = await startServer(async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const part of req) body += part;
    state.calls.push({
      method: req.method ?? "",
      path: req.url ?? "",
      contentType: req.headers["content-type"],
      auth: req.headers.authorization,
      body,
    });
    if (state.mode === "fail") {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
      return;
    }
    if (state.mode === "slow") {
      await sleep(state.slowMs);
      if (res.destroyed) return;
    }
    const parsed = body ? JSON.parse(body) : {};
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: `chatcmpl-${name}-${state.calls.length}`,
        object: "chat.completion",
        created: 1,
        model: parsed.model,
        choices: [
          {
            index: 0,
            message: { role: "assistant", content: `from ${name}` },
            finish_reason: "stop",
          },
        ],
        usage: {
          ...state.usage,
          total_tokens: state.usage.prompt_tokens + state.usage.completion_tokens,
        },
      }),
    );
  });
  return Object.assign(state, server);
}
