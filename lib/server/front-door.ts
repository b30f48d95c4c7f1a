import type { IncomingMessage, ServerResponse } from "node:http";

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** What a path may hold that Next or WHATWG URL parsing would read differently from its bytes. */
const UNUSUAL = /[\\%]|\/\/|\/\./;

/**
 * A path as Next reads it: backslashes and repeated slashes folded (Next redirects to that
 * spelling), dot segments resolved, %2e included (WHATWG URL, which Next's parseUrl applies).
 */
export function normalisePath(path: string): string {
  const folded = path.replace(/\\/g, "/").replace(/\/\/+/g, "/");
  if (!/\/\.|%2e/i.test(folded)) return folded;
  return new URL(folded, "http://n").pathname;
}

/** Every percent-escape decoded (malformed ones kept as they are). */
function decodeEscapes(path: string): string {
  return path.replace(/%([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

function underApiV1(path: string): boolean {
  return (
    path.length >= 7 &&
    path.slice(0, 7).toLowerCase() === "/api/v1" &&
    (path.length === 7 || path[7] === "/")
  );
}

export interface FrontDoorRoute {
  gateway: boolean;
  /** The request target the gateway gets: the normalised path and the query (gateway only). */
  url: string;
}

/**
 * Gateway or web process, decided on the path however it is spelt: any spelling that could name
 * /api/v1 (any case, encoded slashes or dots, an absolute-form target) belongs to the gateway,
 * which serves the normalised path or answers 404 — never to the web process. An already-normal
 * path (the usual case) is decided without parsing.
 */
export function frontDoorRoute(url: string): FrontDoorRoute {
  let target = url;
  if (target[0] !== "/" && target[0] !== "\\") {
    // Absolute-form ("http://host/api/v1/…") or asterisk-form targets.
    try {
      const parsed = new URL(target);
      target = parsed.pathname + parsed.search;
    } catch {
      return { gateway: false, url };
    }
  }
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  if (!UNUSUAL.test(path)) {
    return { gateway: underApiV1(path), url: target };
  }
  const normal = normalisePath(path);
  const gateway = underApiV1(normal) || underApiV1(normalisePath(decodeEscapes(normal)));
  return { gateway, url: q === -1 ? normal : normal + target.slice(q) };
}

/** `npm start`'s one port: /api/v1 to the gateway in this process, the rest to the web process. */
export function frontDoor(gateway: Handler, web: Handler): Handler {
  return (req, res) => {
    const url = req.url ?? "/";
    const route = frontDoorRoute(url);
    if (!route.gateway) {
      web(req, res);
      return;
    }
    if (route.url !== url) req.url = route.url;
    gateway(req, res);
  };
}
