/**
 * A small seeded PRNG (mulberry32) so a fuzz failure can be replayed: the test prints its seed and
 * DARWAZA_FUZZ_SEED=<seed> reruns exactly the same requests.
 */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  bytes(length: number): Buffer {
    const out = Buffer.alloc(length);
    for (let i = 0; i < length; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }

  ascii(length: number): string {
    let out = "";
    for (let i = 0; i < length; i++) out += String.fromCharCode(this.int(33, 126));
    return out;
  }
}

/** Values of every JSON type, including the awkward ones, for putting where they do not belong. */
export function oddValue(random: Random): unknown {
  switch (random.int(0, 17)) {
    case 0:
      return null;
    case 1:
      return true;
    case 2:
      return -1;
    case 3:
      return 1.5;
    case 4:
      return 1e308;
    case 5:
      return -0;
    case 6:
      return "";
    case 7:
      return random.ascii(random.int(1, 40));
    case 8:
      return "x".repeat(random.int(1_000, 100_000));
    case 9:
      return [];
    case 10:
      return [oddValue(random), oddValue(random)];
    case 11:
      return {};
    case 12:
      return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    case 13:
      return Number.MAX_SAFE_INTEGER + 2;
    case 14:
      return "\u0000\ud800\uffff";
    case 15:
      return { type: "text", text: oddValue(random) };
    case 16:
      return [{ role: random.ascii(5), content: oddValue(random) }];
    default:
      return 2 ** 31;
  }
}
