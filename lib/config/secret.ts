import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "./env";

/**
 * The server secret keys the API key hashes and signs sessions. Zero-setup starts generate one
 * into .data/secret (kept across restarts, or every key would stop matching); deployments with
 * several instances must set DARWAZA_SECRET to the same value on each.
 */
export function serverSecret(): string {
  const configured = env().DARWAZA_SECRET;
  if (configured) return configured;
  const file = path.resolve(env().DARWAZA_DATA_DIR, "secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { flag: "wx", mode: 0o600 });
  }
  chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}
