import { DELETE, GET, OPTIONS, PATCH, POST, PUT } from "@/app/api/v1/[[...path]]/route";
import { handleNodeRequest } from "@/lib/services/gateway";
import { type RunningServer, startServer } from "./servers";

const HANDLERS = { GET, POST, PUT, PATCH, DELETE, OPTIONS };
type Method = keyof typeof HANDLERS;

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

/** Calls the exported catch-all route handlers with real Request objects, as Next would. */
export function webMount(): Mount {
  return {
    name: "next route handlers",
    async fetch(path, init = {}) {
      const method = (init.method ?? "GET").toUpperCase() as Method;
      const request = new Request(`http://localhost${path}`, {
        ...init,
        duplex: "half",
      } as RequestInit);
      return HANDLERS[method](request);
    },
    close: async () => {},
  };
}
