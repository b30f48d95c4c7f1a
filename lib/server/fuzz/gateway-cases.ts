import { oddValue, type Random } from "./random";

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const ENDPOINTS = [
  "/api/v1/chat/completions",
  "/api/v1/chat",
  "/api/v1/images/generations",
  "/api/v1/audio/speech",
  "/api/v1/audio/transcriptions",
  "/api/v1/models",
  "/api/v1/models/demo-chat",
  "/api/v1/usage",
];

const ODD_PATHS = [
  "/api/v1",
  "/api/v1/",
  "/api/v1//chat/completions",
  "/api/v1/chat/completions/",
  "/api/v1/chat/completions?stream=%zz&x",
  "/api/v1/models/%",
  "/api/v1/models/%E0%A4%A",
  "/api/v1/models/%00",
  "/api/v1/models/%2e%2e%2fadmin",
  "/api/v1/models/a/b",
  "/api/v1/%2e%2e/admin/keys",
  "/api/v1/chat/completions;jsessionid=1",
  "/api/v1/CHAT/COMPLETIONS",
  "/api/v1/__proto__",
  "/api/v1/constructor",
];

/** A baseline body per endpoint, to be broken in one or more places. */
function baseline(path: string): Record<string, unknown> {
  if (path.includes("images"))
    return { model: "demo-image", prompt: "a door in Lahore", n: 1, size: "256x256" };
  if (path.includes("speech")) return { model: "demo-tts", input: "salaam", voice: "alloy" };
  return { model: "demo-chat", messages: [{ role: "user", content: "hello" }], max_tokens: 8 };
}

function mutate(random: Random, body: Record<string, unknown>): unknown {
  const fields = [
    ...Object.keys(body),
    "stream",
    "stream_options",
    "n",
    "temperature",
    "tools",
    "user",
    "response_format",
  ];
  for (let i = random.int(1, 3); i > 0; i--) {
    const field = random.pick(fields);
    if (random.chance(0.2)) delete body[field];
    else body[field] = oddValue(random);
  }
  if (random.chance(0.05)) return oddValue(random);
  return body;
}

function brokenJson(random: Random, text: string): Buffer {
  switch (random.int(0, 6)) {
    case 0:
      return Buffer.from(text.slice(0, random.int(0, text.length - 1)));
    case 1:
      return Buffer.concat([Buffer.from(text), random.bytes(random.int(1, 8))]);
    case 2:
      return Buffer.from(
        `${"[".repeat(random.int(1_000, 100_000))}${"]".repeat(random.int(0, 10))}`,
      );
    case 3:
      return Buffer.from(`{"a":${'{"a":'.repeat(5_000)}1${"}".repeat(5_001)}`);
    case 4:
      return random.bytes(random.int(1, 512));
    case 5:
      return Buffer.from(random.pick(["", "null", "[]", "123", '"s"', "{", "NaN", "\ufeff{}"]));
    default:
      return Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc]);
  }
}

function multipart(random: Random): { type: string; body: Buffer } {
  const boundary = random.chance(0.9)
    ? `fuzz${random.int(0, 1e9)}`
    : random.ascii(random.int(1, 90));
  const parts: string[] = [];
  if (random.chance(0.7))
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${random.pick(["demo-whisper", "", "nope", random.ascii(20)])}\r\n`,
    );
  if (random.chance(0.7)) {
    const name = random.pick(["file", "audio", "", 'file"; x="']);
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
    );
    parts.push(random.bytes(random.int(0, 4096)).toString("latin1"));
    parts.push("\r\n");
  }
  if (random.chance(0.8)) parts.push(`--${boundary}--\r\n`);
  const type = random.pick([
    `multipart/form-data; boundary=${boundary}`,
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "application/json",
  ]);
  return { type, body: Buffer.from(parts.join(""), "latin1") };
}

/** One malformed (or occasionally well-formed) request to /api/v1/*. `key` is a valid API key. */
export function gatewayCase(
  random: Random,
  key: string,
  wellFormedUnknownKey: string,
): FuzzRequest {
  const path = random.chance(0.85) ? random.pick(ENDPOINTS) : random.pick(ODD_PATHS);
  const method = random.chance(0.75)
    ? path.endsWith("models") || path.endsWith("usage") || path.includes("/models/")
      ? "GET"
      : "POST"
    : random.pick(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]);
  const headers: Record<string, string> = {};
  const auth = random.int(0, 19);
  if (auth < 14) headers.authorization = `Bearer ${key}`;
  else if (auth === 14) headers["x-api-key"] = key;
  else if (auth === 15) headers.authorization = `Bearer ${wellFormedUnknownKey}`;
  else if (auth === 16)
    headers.authorization = random.pick([
      "Bearer",
      "Bearer ",
      "Basic Zm9vOmJhcg==",
      `Bearer ${key}x`,
      `bearer  ${key}`,
    ]);
  else if (auth === 17) headers.authorization = `Bearer sk-${random.ascii(random.int(0, 200))}`;
  else if (auth === 18) headers["x-api-key"] = "x".repeat(random.int(100, 6_000));

  if (method === "GET" || method === "HEAD") return { method, path, headers };
  if (path.includes("transcriptions") && random.chance(0.8)) {
    const { type, body } = multipart(random);
    headers["content-type"] = type;
    return { method, path, headers, body };
  }
  headers["content-type"] = random.pick([
    "application/json",
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
  ]);
  if (random.chance(0.2)) delete headers["content-type"];
  if (random.chance(0.0015)) return { method, path, headers, body: Buffer.alloc(1_100_000, 0x20) };
  const text = JSON.stringify(mutate(random, baseline(path)));
  const body = random.chance(0.7) ? Buffer.from(text) : brokenJson(random, text);
  return { method, path, headers, body };
}
