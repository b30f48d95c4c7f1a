import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/config/env";

/**
 * Test mode's secrets, generated once into DARWAZA_DATA_DIR/stripe-emulator/ and kept across
 * restarts: the emulator's API key (so only this server can call its /v1 API) and, when
 * STRIPE_WEBHOOK_SECRET is unset, the whsec_ secret its webhooks are signed with.
 */
export function emulatorDir(): string {
  return path.resolve(env().DARWAZA_DATA_DIR, "stripe-emulator");
}

function readOrCreate(name: string, make: () => string): string {
  const file = path.join(emulatorDir(), name);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, make(), { flag: "wx", mode: 0o600 });
    } catch (error) {
      // Another caller created it first: use theirs.
      if (!(error instanceof Error && "code" in error && error.code === "EEXIST")) throw error;
    }
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

export function emulatorApiKey(): string {
  return readOrCreate("api-key", () => `sk_test_emulator_${randomBytes(24).toString("base64url")}`);
}

export function emulatorWebhookSecret(): string {
  return (
    env().STRIPE_WEBHOOK_SECRET ??
    readOrCreate("webhook-secret", () => `whsec_${randomBytes(32).toString("base64url")}`)
  );
}

export function emulatorStateFile(): string {
  return path.join(emulatorDir(), "state.json");
}
