import { handleWebRequest } from "@/lib/gateway/http/web";

// A thin mount of the gateway core, which routes by path and answers a wrong method with an
// OpenAI-shaped 405 itself; `npm start` serves the same paths through node:http without Next.
export const GET = handleWebRequest;
export const POST = handleWebRequest;
export const PUT = handleWebRequest;
export const PATCH = handleWebRequest;
export const DELETE = handleWebRequest;
export const OPTIONS = handleWebRequest;
