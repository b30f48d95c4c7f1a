import { nodeHandler } from "@/lib/gateway/http/node";
import { handleGatewayWebRequest } from "@/lib/gateway/http/web";
import { createProcessGateway } from "@/lib/gateway/process-gateway";
import { services } from "./index";

/**
 * This process's gateway (see Services.gateway), built from the environment on first use. Only
 * what serves /api/v1 in-process imports this module: `next dev`'s route, tests, benches.
 */
export function runtimeGateway() {
  return services().gateway(createProcessGateway);
}

/** Start it and resolve once its limits hold today's usage. Idempotent. */
export async function startGateway(): Promise<void> {
  await runtimeGateway().start();
}

/** Write every queued usage event and stop it; a later request builds a fresh one. */
export function stopGateway(timeoutMs?: number): Promise<void> {
  return services().stopGateway(timeoutMs);
}

/** This process's gateway on node:http, without options (tests, benches). */
export const handleNodeRequest = nodeHandler(runtimeGateway);

/** This process's gateway as a Web handler (the app/api/v1 route under `next dev`). */
export function handleWebRequest(request: Request): Promise<Response> {
  return handleGatewayWebRequest(runtimeGateway(), request);
}
