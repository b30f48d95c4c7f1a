import { readFile } from "node:fs/promises";
import path from "node:path";

/**
 * The API reference renderer (@scalar/api-reference's self-contained browser bundle), served
 * from this origin: no CDN, and the page's CSP (script-src 'self') holds.
 */
const BUNDLE = path.join(
  process.cwd(),
  "node_modules/@scalar/api-reference/dist/browser/standalone.js",
);

export async function GET(): Promise<Response> {
  const bytes = await readFile(BUNDLE);
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=86400",
    },
  });
}
