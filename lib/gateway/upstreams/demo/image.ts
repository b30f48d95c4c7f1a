import { createHash } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";
import type { ImagesReply, JsonCall } from "../client";

const SIZE = 16;

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A small PNG whose two-colour gradient comes from the prompt: same prompt, same picture. */
export function demoPng(prompt: string, variant: number): Buffer {
  const seed = createHash("sha256").update(`${variant}:${prompt}`).digest();
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < SIZE; y++) {
    const row = Buffer.alloc(1 + SIZE * 3);
    for (let x = 0; x < SIZE; x++) {
      const t = (x + y) / (2 * SIZE - 2);
      for (let c = 0; c < 3; c++)
        row[1 + x * 3 + c] = Math.round(seed[c] * (1 - t) + seed[c + 3] * t);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(Buffer.concat(rows))),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export async function demoImages(call: JsonCall): Promise<ImagesReply> {
  const prompt = String(call.body.prompt ?? "");
  const count = typeof call.body.n === "number" ? call.body.n : 1;
  const asUrl = call.body.response_format === "url";
  const data = Array.from({ length: count }, (_, i) => {
    const b64 = demoPng(prompt, i).toString("base64");
    // The demo hosts nothing, so a "url" is a data: URL of the same picture.
    return asUrl
      ? { url: `data:image/png;base64,${b64}`, revised_prompt: prompt }
      : { b64_json: b64, revised_prompt: prompt };
  });
  return { json: { created: Math.floor(Date.now() / 1000), data }, images: count };
}
