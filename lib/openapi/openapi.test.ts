import { setTimeout as sleep } from "node:timers/promises";
import { validate } from "@readme/openapi-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { removeCustomEndpoint, saveCustomEndpoint } from "@/lib/admin/routing/endpoints";
import type { Gateway } from "@/lib/gateway/gateway";
import { API_PREFIX, BUILT_IN_ROUTES, isOpenApiPath, OPENAPI_PATH } from "@/lib/gateway/router";
import { type GatewayTestEnv, setUpGatewayEnv } from "@/lib/gateway/test-support/database";
import { serveGateway, testGateway } from "@/lib/gateway/test-support/gateway";
import { type Mount, webMount } from "@/lib/gateway/test-support/mounts";
import {
  type ScriptedUpstream,
  scriptedUpstream,
} from "@/lib/gateway/test-support/scripted-upstream";
import type { RunningServer } from "@/lib/gateway/test-support/servers";
import { frontDoorRoute } from "@/lib/server/front-door";
import { stopGateway } from "@/lib/services/gateway";

/**
 * GET /api/v1/openapi.json: public, every spelling of its path, a valid OpenAPI 3.1 document
 * (checked by @readme/openapi-parser) with every route of the router's table and the custom
 * endpoints published right now, from a real gateway on a real database.
 */
let testEnv: GatewayTestEnv;
let target: ScriptedUpstream;
let gateway: Gateway;
let server: RunningServer;
let web: Mount;

type Document = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<
    string,
    Record<string, { security?: unknown[]; responses: Record<string, unknown> }>
  >;
  components: { schemas: Record<string, { required?: string[]; properties?: object }> };
};

const get = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);
const documentOf = async (response: Response) => (await response.json()) as Document;

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  target = await scriptedUpstream("target");
  gateway = testGateway({ routing: { pollMs: 100 } });
  server = await serveGateway(gateway);
  web = webMount();
});

afterAll(async () => {
  await server.close();
  await gateway.stop();
  await stopGateway();
  await target.close();
  await testEnv.teardown();
});

async function eventually(check: () => Promise<boolean>, ms = 5_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error("timed out");
    await sleep(50);
  }
}

describe("GET /api/v1/openapi.json", () => {
  it("needs no key, on either mount, and is a valid OpenAPI 3.1 document", async () => {
    for (const response of [await get(OPENAPI_PATH), await web.fetch(OPENAPI_PATH)]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      const doc = await documentOf(response);
      expect(doc.openapi).toBe("3.1.0");
      const result = await validate(structuredClone(doc) as never);
      expect(result.valid ? [] : result.errors).toEqual([]);
      expect(result.warnings).toEqual([]);
    }
  });

  it("answers every spelling of its path, and only its path", async () => {
    const spellings = [
      `${OPENAPI_PATH}/`,
      "/api/v1//openapi.json",
      "/API/V1/OpenAPI.json",
      "/api/v1/openapi%2Ejson",
      "/api/v1/openapi.json//",
    ];
    for (const path of spellings) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect((await documentOf(response)).openapi).toBe("3.1.0");
      // npm start's front door hands each spelling to the gateway, not to the web process.
      expect(frontDoorRoute(path).gateway, path).toBe(true);
    }
    for (const path of [
      "/api/v1/openapi.jsonx",
      "/api/v1/x/openapi.json",
      "/api/v2/openapi.json",
    ]) {
      expect(isOpenApiPath(path), path).toBe(false);
    }
    const post = await get(OPENAPI_PATH, { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect((await post.json()).error.code).toBe("method_not_allowed");
  });

  it("documents every route of the router's table with its method, auth and errors", async () => {
    const doc = await documentOf(
      await get(OPENAPI_PATH, { headers: { "x-forwarded-host": "api.example.pk" } }),
    );
    expect(doc.servers[0].url).toBe(`http://api.example.pk${API_PREFIX}`);
    expect(BUILT_IN_ROUTES.length).toBeGreaterThan(0);
    for (const route of BUILT_IN_ROUTES) {
      const operation = doc.paths[route.path]?.[route.endpoint.method.toLowerCase()];
      expect(operation, route.path).toBeDefined();
      expect(operation.security, route.path).toContainEqual({ bearerAuth: [] });
      for (const status of ["200", "401", "429"]) {
        expect(operation.responses[status], `${route.path} ${status}`).toBeDefined();
      }
    }
    // The request schemas are the gateway's own: chat's required fields come from chatSchema.
    expect(doc.components.schemas.ChatCompletionRequest.required).toEqual(["model", "messages"]);
    const chat = doc.paths["/chat/completions"].post as unknown as {
      responses: Record<string, { headers?: Record<string, unknown> }>;
      "x-codeSamples": { label: string; source: string }[];
    };
    expect(Object.keys(chat.responses["200"].headers ?? {})).toEqual(
      expect.arrayContaining([
        "x-ratelimit-limit",
        "x-ratelimit-remaining",
        "x-darwaza-cost-micros",
      ]),
    );
    expect(chat.responses["402"]).toBeDefined();
    expect(chat["x-codeSamples"].map((s) => s.label)).toEqual([
      "curl",
      "Python (openai)",
      "Node (openai)",
      "Vercel AI SDK",
    ]);
    for (const sample of chat["x-codeSamples"]) {
      expect(sample.source).toContain("http://api.example.pk/api/v1");
    }
    expect(doc.paths[OPENAPI_PATH.slice(API_PREFIX.length)].get.security).toEqual([]);
  });

  it("lists the custom endpoints published now: added and withdrawn within a poll", async () => {
    const saved = await saveCustomEndpoint(
      { type: "system" },
      {
        path: "sentiment",
        method: "POST",
        targetUrl: `${target.url}/score`,
        credential: "",
        clearCredential: false,
        timeoutMs: 5_000,
        pricePerRequestPaisa: 25,
        inputPer1k: 0,
        outputPer1k: 0,
        minPlan: "pro",
        enabled: true,
        allowPrivateHost: true,
      },
    );
    expect(saved).toEqual({ ok: true });
    let published: Document | null = null;
    await eventually(async () => {
      published = await documentOf(await get(OPENAPI_PATH));
      return "/x/sentiment" in published.paths;
    });
    const operation = (published as unknown as Document).paths["/x/sentiment"].post as unknown as {
      description: string;
      tags: string[];
    };
    expect(operation.tags).toEqual(["Custom endpoints"]);
    expect(operation.description).toContain("pro plan");
    expect(operation.description).toContain("PKR 0.25 per request");
    // The target is the seller's business, never shown.
    expect(JSON.stringify(published)).not.toContain(target.url);
    const valid = await validate(structuredClone(published) as never);
    expect(valid.valid).toBe(true);

    expect(await removeCustomEndpoint({ type: "system" }, "sentiment")).toBe(true);
    await eventually(
      async () => !("/x/sentiment" in (await documentOf(await get(OPENAPI_PATH))).paths),
    );
  });
});
