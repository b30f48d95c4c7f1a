import { headers } from "next/headers";
import { env } from "@/lib/config/env";
import { billingConfig } from "./config";

/**
 * The origin Stripe should send the customer back to: DARWAZA_PUBLIC_URL when set, else the one
 * this request came in on (so a zero-config `npm start` works on whatever host the user typed).
 */
export async function requestOrigin(): Promise<string> {
  const configured = billingConfig().publicUrl;
  if (configured) return configured;
  const incoming = await headers();
  const host =
    incoming.get("x-forwarded-host") ?? incoming.get("host") ?? `localhost:${env().PORT}`;
  const proto = incoming.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http";
  return `${proto}://${host}`;
}
