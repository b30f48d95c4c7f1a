import type { NextRequest } from "next/server";
import NextAuth from "next-auth";
import { THROTTLED_ERROR } from "@/lib/auth/errors";
import { authOptions } from "@/lib/auth/options";
import { clientIp, signInWaitSeconds } from "@/lib/auth/throttle";

type Context = { params: Promise<{ nextauth: string[] }> };

async function nextAuth(request: NextRequest, context: Context): Promise<Response> {
  const response: Response = await NextAuth(request, context, authOptions());
  return response;
}

export const GET = nextAuth;

/**
 * next-auth answers a throttled credentials sign-in like any failure (401); turn that into a real
 * 429 with Retry-After. The JSON body keeps next-auth's shape so its client still reads the error.
 */
export async function POST(request: NextRequest, context: Context): Promise<Response> {
  const form = await request
    .clone()
    .formData()
    .catch(() => null);
  const response = await nextAuth(request, context);
  if (response.status !== 401) return response;
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const url = body && typeof body === "object" && "url" in body ? String(body.url) : "";
  if (!url.includes(`error=${THROTTLED_ERROR}`)) return response;

  const email = String(form?.get("email") ?? "");
  const retryAfterSeconds = await signInWaitSeconds(email, clientIp(request.headers));
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(Math.max(retryAfterSeconds, 1)));
  return new Response(JSON.stringify(body), { status: 429, headers });
}
