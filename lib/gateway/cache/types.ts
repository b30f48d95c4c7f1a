/** A stored answer: replayed byte for byte on a hit. */
export interface CachedAnswer {
  status: number;
  contentType: string;
  body: Uint8Array;
}

/** Exact-match answers by key (see key.ts). Failures are misses: the cache never fails a call. */
export interface ResponseCache {
  get(key: string): Promise<CachedAnswer | null>;
  set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void>;
  close(): Promise<void>;
}

/** Header + body in one buffer (Redis values): u32 header length, header JSON, body bytes. */
export function encodeAnswer(answer: CachedAnswer): Buffer {
  const header = Buffer.from(
    JSON.stringify({ status: answer.status, contentType: answer.contentType }),
  );
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  return Buffer.concat([length, header, answer.body]);
}

export function decodeAnswer(raw: Buffer): CachedAnswer | null {
  if (raw.length < 4) return null;
  const size = raw.readUInt32BE(0);
  if (raw.length < 4 + size) return null;
  try {
    const header = JSON.parse(raw.subarray(4, 4 + size).toString("utf8"));
    if (typeof header.status !== "number" || typeof header.contentType !== "string") return null;
    return { status: header.status, contentType: header.contentType, body: raw.subarray(4 + size) };
  } catch {
    return null;
  }
}
