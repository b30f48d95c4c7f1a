import { z } from "zod";
import { trustedProxies } from "./trusted-proxies";

/**
 * Every environment variable Darwaza reads, validated once. A bad value stops the start with a
 * message naming the variable, instead of surfacing later as an odd failure.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();

const intFrom = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: intFrom(3000, 1).pipe(z.number().max(65535)),
  HOST: z.string().default("0.0.0.0"),
  /** Public URL of this deployment (used in links, Stripe redirects and OAuth callbacks). */
  DARWAZA_PUBLIC_URL: optionalString.pipe(z.url().optional()),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
      .optional(),
  ),
  DARWAZA_DATA_DIR: z.string().default(".data"),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .optional(),
  ),
  /** Signs sessions and keys the API key hashes. Generated into .data/secret when unset. */
  DARWAZA_SECRET: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters").optional(),
  ),
  DARWAZA_ADMIN_EMAIL: optionalString.pipe(z.email().optional()),
  DARWAZA_ADMIN_PASSWORD: optionalString.pipe(z.string().min(8).optional()),
  /** Comma-separated emails that get the admin role when they sign up or sign in. */
  DARWAZA_ADMIN_EMAILS: z.string().default(""),
  /** Peers whose X-Forwarded-For is believed (see trusted-proxies.ts). */
  DARWAZA_TRUSTED_PROXIES: z
    .string()
    .default("loopback,private")
    .refine(
      (spec) => {
        try {
          trustedProxies(spec);
          return true;
        } catch {
          return false;
        }
      },
      { error: "a comma list of addresses, CIDRs, loopback, private or none" },
    ),
  /** Bearer token for the admin key API (automation); the API is session-only when unset. */
  DARWAZA_ADMIN_TOKEN: optionalString.pipe(
    z.string().min(32, "must be at least 32 characters (e.g. openssl rand -hex 32)").optional(),
  ),
  /** The business time zone: calendar days for daily limits and rollups. */
  DARWAZA_TIMEZONE: z
    .string()
    .default("Asia/Karachi")
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Asia/Karachi"),
  DARWAZA_MAX_BODY_BYTES: intFrom(1024 * 1024, 1024),
  DARWAZA_UPSTREAMS_FILE: optionalString,
  DARWAZA_USAGE_FLUSH_MS: intFrom(1000, 10),
  /** How many instances share one Redis; limits are split this way while Redis is unreachable. */
  DARWAZA_INSTANCES: intFrom(1, 1),
  /** Processes serving the port (lib/server/workers.ts): a number, or "auto" for one per core. */
  DARWAZA_WORKERS: z
    .string()
    .trim()
    .default("1")
    .refine((value) => value === "auto" || /^[1-9][0-9]{0,2}$/.test(value), {
      error: 'a number of workers (1–999) or "auto"',
    }),
  DARWAZA_SHUTDOWN_TIMEOUT_MS: intFrom(25_000, 0),
  /** Response cache: how long an answer is replayed (0 turns the cache off). */
  DARWAZA_CACHE_TTL_SECONDS: intFrom(300, 0),
  /** In-memory cache bound (no REDIS_URL), bytes; least recently used answers go first. */
  DARWAZA_CACHE_MAX_BYTES: intFrom(64 * 1024 * 1024, 0),
  /** Answers larger than this are never cached (in memory or in Redis), bytes. */
  DARWAZA_CACHE_MAX_ENTRY_BYTES: intFrom(1024 * 1024, 0),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_PRICE_STARTER: optionalString,
  STRIPE_PRICE_PRO: optionalString,
  DARWAZA_GRACE_DAYS: intFrom(3, 0),
  /** Outgoing mail (smtp:// or smtps://); without it mail goes to the admin console's outbox. */
  SMTP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^smtps?:\/\/[^/]/, "must be an smtp:// or smtps:// URL")
      .optional(),
  ),
  /** The From header of every mail. */
  MAIL_FROM: z.string().trim().default("Darwaza <no-reply@darwaza.local>"),
  /** A new account's keys work only once its email is verified; default: on when SMTP_URL is set. */
  DARWAZA_REQUIRE_EMAIL_VERIFICATION: optionalString.pipe(
    z.enum(["true", "false", "1", "0"]).optional(),
  ),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  /**
   * Hosts customer webhooks may reach although they are private or loopback (comma-separated,
   * e.g. `127.0.0.1` for a test receiver); none by default: webhooks go to public addresses only.
   */
  DARWAZA_WEBHOOK_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((host) =>
          host
            .trim()
            .toLowerCase()
            .replace(/^\[|\]$/g, ""),
        )
        .filter((host) => host !== ""),
    ),
  /** The first retry of a failed webhook waits this long; each next one four times longer. */
  DARWAZA_WEBHOOK_RETRY_MS: intFrom(5_000, 10),
  /** How often the webhook and alert-mail worker looks for due work. */
  DARWAZA_WEBHOOK_POLL_MS: intFrom(1_000, 10),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  ${issues.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => `${issue.path.join(".") || "env"}: ${issue.message}`),
  );
}

let parsed: Env | undefined;

/** Parsed once per module instance: the environment does not change under a running process. */
export function env(): Env {
  parsed ??= parseEnv(process.env);
  return parsed;
}

/** For tests that change process.env: forget the parsed copy. */
export function resetEnvCache(): void {
  parsed = undefined;
}
