// Beside the proxy list it reads, so the gateway (lib/gateway) resolves addresses the same way.
export { clientAddress } from "@/lib/config/trusted-proxies";

/** Set by server/web.ts on every request it hands to Next (any value a client sent is replaced). */
export const CLIENT_IP_HEADER = "x-darwaza-client-ip";
