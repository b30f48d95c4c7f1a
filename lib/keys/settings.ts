import { type Actor, writeAudit } from "@/lib/audit/record";
import { effectiveLimits, type Limits } from "@/lib/plans/plans";
import { accountPlan } from "@/lib/plans/store";
import { db, services } from "@/lib/services";
import { MAX_ALLOWLIST_ENTRIES, normaliseCidr } from "./ip-allowlist";

/** The built-in endpoints a key's scope may name (usage_events.endpoint names). */
export const KEY_ENDPOINTS = [
  { name: "chat.completions", label: "Chat completions" },
  { name: "embeddings", label: "Embeddings" },
  { name: "images.generations", label: "Images" },
  { name: "audio.speech", label: "Speech" },
  { name: "audio.transcriptions", label: "Transcriptions" },
  { name: "models", label: "Models list" },
  { name: "usage", label: "Usage" },
] as const;

/** What a key may do beyond its plan: scopes, its own limits, where it may be used from. */
export interface KeySettings {
  /** Empty: every model the plan allows. */
  allowedModels: string[];
  /** Empty: every endpoint. */
  allowedEndpoints: string[];
  /** GET /usage and /models only. */
  readOnly: boolean;
  limitRpm: number | null;
  limitRpd: number | null;
  limitTpd: number | null;
  /** Normalised CIDRs; empty: anywhere. */
  ipAllowlist: string[];
}

export const NO_KEY_SETTINGS: KeySettings = {
  allowedModels: [],
  allowedEndpoints: [],
  readOnly: false,
  limitRpm: null,
  limitRpd: null,
  limitTpd: null,
  ipAllowlist: [],
};

/** The settings as typed, before checking (limits may be above the plan, CIDRs unparsed). */
export type KeySettingsInput = KeySettings;

export type KeySettingsErrors = Partial<Record<keyof KeySettings, string>>;

/** Settings refused: one message per field, for the form. */
export class InvalidKeySettingsError extends Error {
  constructor(readonly errors: KeySettingsErrors) {
    super(Object.values(errors).join(" "));
    this.name = "InvalidKeySettingsError";
  }
}

const LIMIT_NAMES = {
  limitRpm: ["requestsPerMinute", "requests per minute"],
  limitRpd: ["requestsPerDay", "requests per day"],
  limitTpd: ["tokensPerDay", "tokens per day"],
} as const;

/** The limits the account's plan gives it (the ceiling of every key's own). */
export async function accountLimits(accountId: string): Promise<Limits> {
  const [account, plan] = await Promise.all([
    db().account.findUniqueOrThrow({
      where: { id: accountId },
      select: { plan: true, limitRpm: true, limitRpd: true, limitTpd: true, limitMaxTokens: true },
    }),
    accountPlan(db(), accountId),
  ]);
  return effectiveLimits(account, plan.limits);
}

/**
 * Check settings against the account's plan: a key's limit may only be below the plan's (the
 * gateway checks both anyway, so a later plan change can never lift a key above its plan); CIDRs
 * are normalised. Throws InvalidKeySettingsError.
 */
export async function checkKeySettings(
  accountId: string,
  input: KeySettingsInput,
): Promise<KeySettings> {
  const errors: KeySettingsErrors = {};
  const limits = await accountLimits(accountId);
  for (const field of ["limitRpm", "limitRpd", "limitTpd"] as const) {
    const value = input[field];
    if (value === null) continue;
    const [planField, name] = LIMIT_NAMES[field];
    const ceiling = limits[planField];
    if (!Number.isInteger(value) || value < 1) errors[field] = `Enter a whole number of ${name}.`;
    else if (ceiling !== null && value > ceiling)
      errors[field] = `Your plan allows at most ${ceiling.toLocaleString("en-US")} ${name}.`;
  }
  const ipAllowlist: string[] = [];
  const bad: string[] = [];
  for (const entry of input.ipAllowlist) {
    const cidr = normaliseCidr(entry);
    if (cidr === null) bad.push(entry.trim());
    else if (!ipAllowlist.includes(cidr)) ipAllowlist.push(cidr);
  }
  if (bad.length > 0)
    errors.ipAllowlist = `Not an IP address or CIDR range: ${bad.slice(0, 3).join(", ")}.`;
  else if (ipAllowlist.length > MAX_ALLOWLIST_ENTRIES)
    errors.ipAllowlist = `Use at most ${MAX_ALLOWLIST_ENTRIES} ranges.`;
  const known = new Set<string>(KEY_ENDPOINTS.map((e) => e.name));
  const unknownEndpoint = input.allowedEndpoints.find((e) => !known.has(e) && !e.startsWith("x/"));
  if (unknownEndpoint) errors.allowedEndpoints = `Unknown endpoint: ${unknownEndpoint}.`;
  const models = [...new Set(input.allowedModels.map((m) => m.trim()).filter(Boolean))];
  if (models.length > 100) errors.allowedModels = "Name at most 100 models.";
  if (Object.keys(errors).length > 0) throw new InvalidKeySettingsError(errors);
  return {
    allowedModels: models,
    allowedEndpoints: [...new Set(input.allowedEndpoints)],
    readOnly: input.readOnly,
    limitRpm: input.limitRpm,
    limitRpd: input.limitRpd,
    limitTpd: input.limitTpd,
    ipAllowlist,
  };
}

/**
 * Change a key's scopes, limits and allowlist (and its expiry when given). With `accountId`, only
 * a key of that account; null when there is none. The gateway's cached record is evicted before
 * this returns (other instances within the poller's interval).
 */
export async function updateKeySettings(input: {
  id: string;
  accountId: string;
  settings: KeySettingsInput;
  expiresAt?: Date | null;
  actor?: Actor;
}): Promise<{ id: string } | null> {
  const settings = await checkKeySettings(input.accountId, input.settings);
  const hashes = await db().$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: input.id, accountId: input.accountId },
      select: { id: true, hash: true, previousHash: true },
    });
    if (!key) return null;
    await tx.apiKey.update({
      where: { id: key.id },
      data: {
        ...settings,
        ...(input.expiresAt !== undefined ? { expiresAt: input.expiresAt } : {}),
      },
    });
    if (input.actor) {
      await writeAudit(tx, input.actor, {
        action: "api_key.update",
        accountId: input.accountId,
        target: key.id,
        details: { ...settings, expiresAt: input.expiresAt?.toISOString() ?? null },
      });
    }
    return key;
  });
  if (!hashes) return null;
  services().control.invalidate({ scope: "key", hash: hashes.hash, id: hashes.id });
  return { id: hashes.id };
}
