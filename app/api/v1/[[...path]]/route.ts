import { apiV1Route } from "@/lib/server/api-v1-route";

// One optional catch-all (bare /api/v1 included) mounts the gateway core for `next dev`; the core
// routes by path and answers a wrong method with an OpenAI-shaped 405 itself. `npm start` serves
// /api/v1 without Next.
export const GET = apiV1Route;
export const POST = apiV1Route;
export const PUT = apiV1Route;
export const PATCH = apiV1Route;
export const DELETE = apiV1Route;
export const OPTIONS = apiV1Route;
