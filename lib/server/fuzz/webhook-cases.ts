import { createHmac } from "node:crypto";
import type { FuzzRequest } from "./gateway-cases";
import { oddValue, type Random } from "./random";

/** Stripe's scheme: v1 = HMAC-SHA256(secret, "<t>.<payload>"), header "t=<t>,v1=<hex>". */
export function stripeSignature(
  payload: Buffer,
  secret: string,
  at = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac("sha256", secret).update(`${at}.`).update(payload).digest("hex");
  return `t=${at},v1=${v1}`;
}

function eventLike(random: Random): Record<string, unknown> {
  return {
    id: `evt_fuzz_${random.int(0, 1e9)}`,
    object: "event",
    type: random.pick(["fuzz.unknown", "charge.refunded", "customer.created", random.ascii(12)]),
    created: Math.floor(Date.now() / 1000),
    data: { object: random.chance(0.5) ? { id: random.ascii(10) } : oddValue(random) },
  };
}

/**
 * One malformed request to POST /api/stripe/webhook: missing, garbled, forged, stale or
 * wrong-secret signatures over any body, and correctly signed bodies that are not JSON. Well
 * signed events of types Darwaza ignores are mixed in: they must be acknowledged (2xx).
 */
export function webhookCase(random: Random, secret: string): FuzzRequest {
  const headers: Record<string, string> = {
    "content-type": random.pick(["application/json", "text/plain", ""]),
  };
  const json = Buffer.from(JSON.stringify(eventLike(random)));
  let body = random.chance(0.7) ? json : random.bytes(random.int(0, 2048));
  switch (random.int(0, 9)) {
    case 0:
      break;
    case 1:
      headers["stripe-signature"] = random.pick([
        "",
        "t=",
        "v1=",
        "t=abc,v1=def",
        ",,,",
        "t=1,v1=00",
      ]);
      break;
    case 2:
      headers["stripe-signature"] = random.ascii(random.int(1, 4_000));
      break;
    case 3:
      headers["stripe-signature"] = stripeSignature(body, `${secret}x`);
      break;
    case 4:
      headers["stripe-signature"] = stripeSignature(
        body,
        secret,
        Math.floor(Date.now() / 1000) - 3_600,
      );
      break;
    case 5:
      // Signed, then altered in transit.
      headers["stripe-signature"] = stripeSignature(body, secret);
      body = Buffer.concat([body, Buffer.from(" ")]);
      break;
    case 6:
      body = Buffer.from(random.pick(["", "{", "not json", "[1,2", "\u0000"]));
      headers["stripe-signature"] = stripeSignature(body, secret);
      break;
    case 7:
      headers["stripe-signature"] =
        `t=${Math.floor(Date.now() / 1000)},v1=${random.ascii(64)},v0=${random.ascii(10)}`;
      break;
    default:
      body = json;
      headers["stripe-signature"] = stripeSignature(body, secret);
  }
  if (headers["content-type"] === "") delete headers["content-type"];
  return { method: "POST", path: "/api/stripe/webhook", headers, body };
}
