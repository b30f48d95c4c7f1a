import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { HealthBoard } from "../routing/board";
import { RoutingRegistry } from "../routing/registry";
import { loadUpstreams, parseUpstreams } from "./config";

afterEach(() => {
  delete process.env.DARWAZA_UPSTREAMS_FILE;
  resetEnvCache();
});

describe("upstream configuration", () => {
  it("defaults to the built-in demo upstreams, one per kind", () => {
    const upstreams = loadUpstreams();
    expect(upstreams.map((u) => [u.id, u.kind, u.baseUrl])).toEqual([
      ["demo-llm", "llm", "demo"],
      ["demo-image", "image", "demo"],
      ["demo-voice", "voice", "demo"],
    ]);
  });

  it("reads DARWAZA_UPSTREAMS_FILE, normalising base URLs and plan ranks", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "darwaza-up-")), "upstreams.json");
    writeFileSync(
      file,
      JSON.stringify({
        upstreams: [
          {
            id: "vllm",
            kind: "llm",
            baseUrl: "http://gpu-1:8000/v1/",
            apiKeyEnv: "VLLM_KEY",
            models: [
              {
                id: "llama",
                upstreamModel: "meta-llama/Llama-3.1-8B",
                minPlan: "starter",
                price: { inputPer1k: 2 },
              },
            ],
          },
        ],
      }),
    );
    process.env.DARWAZA_UPSTREAMS_FILE = file;
    resetEnvCache();
    const [vllm] = loadUpstreams();
    expect(vllm.baseUrl).toBe("http://gpu-1:8000/v1");
    expect(vllm.timeoutMs).toBe(60_000);
    expect(vllm.models[0]).toMatchObject({
      id: "llama",
      upstreamModel: "meta-llama/Llama-3.1-8B",
      type: "chat",
      minRank: 1,
    });
    expect(vllm.models[0].price).toEqual({
      inputPer1k: 2,
      outputPer1k: 0,
      perImage: 0,
      perSecond: 0,
      per1kChars: 0,
    });
  });

  it("refuses a bad file, naming the field", () => {
    expect(() =>
      parseUpstreams({
        upstreams: [{ id: "x", kind: "llm", baseUrl: "nope", models: [{ id: "m" }] }],
      }),
    ).toThrow(/upstreams\.0\.baseUrl/);
    expect(() =>
      parseUpstreams({
        upstreams: [{ id: "v", kind: "voice", baseUrl: "demo", models: [{ id: "m" }] }],
      }),
    ).toThrow(/needs "type"/);
    const twice = { id: "a", kind: "llm", baseUrl: "demo", models: [{ id: "m" }, { id: "m" }] };
    expect(() => parseUpstreams({ upstreams: [twice] })).toThrow(/listed twice/);
    // The same model on two upstreams is routing, not a mistake.
    const one = { id: "a", kind: "llm", baseUrl: "demo", models: [{ id: "m" }] };
    expect(parseUpstreams({ upstreams: [one, { ...one, id: "b" }] })).toHaveLength(2);
  });

  it("resolves models by plan rank", () => {
    const registry = new RoutingRegistry(loadUpstreams(), new HealthBoard());
    const rank = (r: number) => ({ rank: r, models: null });
    expect(registry.modelsFor(rank(0)).map((m) => m.model.id)).not.toContain("demo-chat-pro");
    expect(registry.resolve("demo-chat-pro", "chat", rank(2)).upstream.id).toBe("demo-llm");
    expect(() => registry.resolve("demo-chat-pro", "chat", rank(1))).toThrow(/pro plan/);
    expect(() => registry.resolve("nope", "chat", rank(3))).toThrow(/does not exist/);
  });

  it("holds a plan that lists its models to those models, within its rank", () => {
    const registry = new RoutingRegistry(loadUpstreams(), new HealthBoard());
    const access = { rank: 2, models: new Set(["demo-chat", "demo-image"]) };
    expect(registry.modelsFor(access).map((m) => m.model.id)).toEqual(["demo-chat", "demo-image"]);
    expect(registry.resolve("demo-chat", "chat", access).model.id).toBe("demo-chat");
    expect(() => registry.resolve("demo-chat-pro", "chat", access)).toThrow(/not included/);
    // A listed model above the plan's rank stays out of reach.
    expect(() =>
      registry.resolve("demo-chat-pro", "chat", { rank: 1, models: new Set(["demo-chat-pro"]) }),
    ).toThrow(/pro plan/);
  });
});
