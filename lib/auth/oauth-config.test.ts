import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/config/env";
import { configuredOAuth, oauthProviders } from "./oauth";

const saved = { ...process.env };

function withEnv(values: Record<string, string>) {
  process.env = {
    ...saved,
    GITHUB_ID: "",
    GITHUB_SECRET: "",
    GOOGLE_ID: "",
    GOOGLE_SECRET: "",
    ...values,
  };
  resetEnvCache();
}

describe("OAuth providers appear only when configured", () => {
  afterEach(() => {
    process.env = saved;
    resetEnvCache();
  });

  it("none without credentials, or with an id but no secret", () => {
    withEnv({ GITHUB_ID: "gh-id" });
    expect(configuredOAuth()).toEqual([]);
    expect(oauthProviders()).toEqual([]);
  });

  it("each provider whose id and secret are both set", () => {
    withEnv({
      GITHUB_ID: "gh-id",
      GITHUB_SECRET: "gh-secret",
      GOOGLE_ID: "g-id",
      GOOGLE_SECRET: "g-secret",
    });
    expect(configuredOAuth().map((p) => p.id)).toEqual(["github", "google"]);
    expect(oauthProviders().map((p) => p.id)).toEqual(["github", "google"]);
  });
});
