import { z } from "zod";
import { PLAN_IDS } from "@/lib/plans/plans";

/** HTML checkboxes send "on" when ticked and nothing otherwise. */
const checkbox = z.preprocess((value) => value === "on" || value === "true", z.boolean());

const whole = (min: number, max: number, message: string) =>
  z.coerce.number({ error: message }).int(message).min(min, message).max(max, message);

const paisa = z.coerce.number({ error: "Enter an amount in paisa" }).min(0).max(100_000_000);

/** The models field: JSON, e.g. [{"id":"chat-fast","upstreamModel":"llama3.1:8b"}]. */
const modelsJson = z.string().transform((text, ctx) => {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length > 0) return parsed;
  } catch {
    // Reported below.
  }
  ctx.addIssue({ code: "custom", message: 'A JSON list, e.g. [{"id": "chat-fast"}]' });
  return z.NEVER;
});

export const upstreamSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, "Lower-case letters, digits, . _ - (up to 63)"),
  kind: z.enum(["llm", "image", "voice"]),
  baseUrl: z.string().trim().min(1, "Required").max(2000),
  /** Blank keeps the stored credential. */
  credential: z.string().max(4000).default(""),
  clearCredential: checkbox,
  models: modelsJson,
  weight: whole(0, 1000, "A whole number from 0 (fallback only) to 1000"),
  timeoutMs: whole(100, 600_000, "Between 100 and 600000 ms"),
  enabled: checkbox,
  allowPrivateHost: checkbox,
});
export type UpstreamInput = z.infer<typeof upstreamSchema>;

export const endpointSchema = z.object({
  path: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/, "Like sentiment or urdu/ocr")
    .max(100),
  method: z.enum(["POST", "GET"]),
  targetUrl: z.string().trim().min(1, "Required").max(2000),
  credential: z.string().max(4000).default(""),
  clearCredential: checkbox,
  timeoutMs: whole(100, 600_000, "Between 100 and 600000 ms"),
  pricePerRequestPaisa: whole(0, 100_000_000, "Whole paisa"),
  inputPer1k: paisa,
  outputPer1k: paisa,
  minPlan: z.enum(PLAN_IDS),
  enabled: checkbox,
  allowPrivateHost: checkbox,
});
export type EndpointInput = z.infer<typeof endpointSchema>;

export const removeSchema = z.object({ name: z.string().trim().min(1).max(200) });
