import type { CachedAnswer, ResponseCache } from "./types";

interface Entry {
  answer: CachedAnswer;
  expiresAt: number;
  bytes: number;
}

/** Per-entry bookkeeping counted on top of the body, so tiny answers still have a cost. */
const OVERHEAD = 256;

/**
 * The in-process cache (no REDIS_URL): an LRU bounded by bytes. A Map keeps insertion order, so
 * re-inserting on a hit makes its first key the least recently used.
 */
export class MemoryCache implements ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly maxEntryBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.bytes;
  }

  async get(key: string): Promise<CachedAnswer | null> {
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) {
      this.bytes -= entry.bytes;
      return null;
    }
    this.entries.set(key, entry);
    return entry.answer;
  }

  async set(key: string, answer: CachedAnswer, ttlMs: number): Promise<void> {
    const bytes = answer.body.byteLength + key.length + OVERHEAD;
    if (bytes > this.maxEntryBytes || bytes > this.maxBytes || ttlMs <= 0) return;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.bytes -= old.bytes;
    }
    this.entries.set(key, { answer, expiresAt: this.now() + ttlMs, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.bytes = 0;
  }
}
