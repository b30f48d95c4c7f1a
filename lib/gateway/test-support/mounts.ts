import * as root from "@/app/api/v1/[...path]/route";
import * as speech from "@/app/api/v1/audio/speech/route";
import * as transcriptions from "@/app/api/v1/audio/transcriptions/route";
import * as chatCompletions from "@/app/api/v1/chat/completions/route";
import * as chat from "@/app/api/v1/chat/route";
import * as images from "@/app/api/v1/images/generations/route";
import * as model from "@/app/api/v1/models/[id]/route";
import * as models from "@/app/api/v1/models/route";
import * as v1 from "@/app/api/v1/route";
import * as usage from "@/app/api/v1/usage/route";
import { handleNodeRequest } from "@/lib/services/gateway";
import { type RunningServer, startServer } from "./servers";

type RouteModule = typeof chat;
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** One way of reaching the gateway: node:http (server/main.ts's mount) or the Next route handlers. */
export interface Mount {
  name: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function nodeMount(): Promise<Mount & { url: string }> {
  const server: RunningServer = await startServer(handleNodeRequest);
  return {
    name: "node:http",
    url: server.url,
    fetch: (path, init) => fetch(`${server.url}${path}`, init),
    close: () => server.close(),
  };
}

const ROUTES: [RegExp, RouteModule][] = [
  [/^\/api\/v1\/?$/, v1],
  [/^\/api\/v1\/chat\/completions\/?$/, chatCompletions],
  [/^\/api\/v1\/chat\/?$/, chat],
  [/^\/api\/v1\/images\/generations\/?$/, images],
  [/^\/api\/v1\/audio\/speech\/?$/, speech],
  [/^\/api\/v1\/audio\/transcriptions\/?$/, transcriptions],
  [/^\/api\/v1\/models\/?$/, models],
  [/^\/api\/v1\/models\/[^/]+\/?$/, model],
  [/^\/api\/v1\/usage\/?$/, usage],
];

/** Calls the exported route handlers with real Request objects, as Next would. */
export function webMount(): Mount {
  return {
    name: "next route handlers",
    async fetch(path, init = {}) {
      const pathname = path.split("?")[0];
      const module = ROUTES.find(([pattern]) => pattern.test(pathname))?.[1] ?? root;
      const method = (init.method ?? "GET").toUpperCase() as Method;
      const request = new Request(`http://localhost${path}`, {
        ...init,
        duplex: "half",
      } as RequestInit);
      return module[method](request);
    },
    close: async () => {},
  };
}
