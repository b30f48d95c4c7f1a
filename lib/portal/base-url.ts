import { headers } from "next/headers";
import { env } from "@/lib/config/env";

/** This deployment's URL as the visitor reached it (DARWAZA_PUBLIC_URL wins when configured). */
export async function publicBaseUrl(): Promise<string> {
  const configured = env().DARWAZA_PUBLIC_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host =
    h.get("x-forwarded-host")?.split(",")[0]?.trim() || h.get("host") || "localhost:3000";
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${host}`;
}
