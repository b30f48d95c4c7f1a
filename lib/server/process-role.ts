/** Set in the web process's environment: it was forked by a gateway process and may ask it. */
export const WEB_PROCESS_ENV = "DARWAZA_WEB_PROCESS";

/** Whether this is `npm start`'s web process (which must never run a gateway of its own). */
export function isWebProcess(): boolean {
  return process.env[WEB_PROCESS_ENV] === "1";
}
