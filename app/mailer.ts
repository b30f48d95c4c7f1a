import { env } from "@/lib/config/env";
import { createMailer } from "@/lib/mail/create";
import type { Mailer } from "@/lib/mail/mailer";
import { mailSettings } from "@/lib/mail/settings";

let built: Mailer | undefined;

/**
 * The web app's mailer, chosen once from the configuration. In test mode its links go to this
 * process's output, which the gateway process passes on to the server log.
 */
export function mailer(): Mailer {
  built ??= createMailer(mailSettings(env()), (line) => console.log(line));
  return built;
}
