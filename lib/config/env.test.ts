import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "./env";

describe("configuration", () => {
  it("has working defaults for a zero-setup start", () => {
    const config = parseEnv({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DARWAZA_TIMEZONE).toBe("Asia/Karachi");
    expect(config.DARWAZA_MAX_BODY_BYTES).toBe(1024 * 1024);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", REDIS_URL: " " }).DATABASE_URL).toBeUndefined();
  });

  it("names every bad variable", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://db", DARWAZA_TIMEZONE: "Mars/Olympus" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL: must be a postgresql:// URL");
    expect(message).toContain("DARWAZA_TIMEZONE");
  });

  it("refuses an admin token shorter than 32 characters, naming DARWAZA_ADMIN_TOKEN", () => {
    expect(() => parseEnv({ DARWAZA_ADMIN_TOKEN: "0123456789abcdef" })).toThrow(
      /DARWAZA_ADMIN_TOKEN: must be at least 32 characters/,
    );
    expect(() => parseEnv({ DARWAZA_ADMIN_TOKEN: "x".repeat(31) })).toThrow(ConfigError);
    expect(parseEnv({ DARWAZA_ADMIN_TOKEN: "x".repeat(32) }).DARWAZA_ADMIN_TOKEN).toHaveLength(32);
    expect(parseEnv({ DARWAZA_ADMIN_TOKEN: "" }).DARWAZA_ADMIN_TOKEN).toBeUndefined();
  });
});
