import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pool } from "@/lib/services";
import type { Gateway } from "./gateway";
import {
  createAccountWithKey,
  type GatewayTestEnv,
  setUpGatewayEnv,
  type TestKey,
} from "./test-support/database";
import { serveGateway, testGateway } from "./test-support/gateway";
import { type RunningServer, startServer } from "./test-support/servers";
import { remoteUpstream } from "./test-support/upstream-config";
import { loadUpstreams } from "./upstreams/config";

/**
 * Transcription is metered by the audio's real duration: from the frames an upload holds (never
 * the header fields the client wrote) or the duration the upstream reports. demo-whisper and the
 * remote model here cost 1 paisa a second, so an event's cost is its audio seconds, rounded up.
 */
let testEnv: GatewayTestEnv;
let gateway: Gateway;
let server: RunningServer;
let upstream: RunningServer;
let account: TestKey;

/** A remote upstream that says it heard 61.5 s, in verbose_json, whatever it was sent. */
async function reportingUpstream(req: IncomingMessage, res: ServerResponse): Promise<void> {
  for await (const _ of req);
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ task: "transcribe", duration: 61.5, text: "from upstream" }));
}

beforeAll(async () => {
  testEnv = await setUpGatewayEnv();
  upstream = await startServer(reportingUpstream);
  gateway = testGateway({
    upstreams: [
      ...loadUpstreams(),
      {
        ...remoteUpstream("stt", upstream.url, { "remote-whisper": "whisper-1" }),
        kind: "voice",
        models: [
          {
            id: "remote-whisper",
            upstreamModel: "whisper-1",
            type: "transcription",
            minPlan: "free",
            minRank: 0,
            price: { inputPer1k: 0, outputPer1k: 0, perImage: 0, perSecond: 1, per1kChars: 0 },
          },
        ],
      },
    ],
  });
  server = await serveGateway(gateway);
  account = await createAccountWithKey("pro");
});

afterAll(async () => {
  await server.close();
  await gateway.stop();
  await upstream.close();
  await testEnv.teardown();
});

/** 60 s of an 8 kHz 8-bit mono tone as a PCM WAV, its header fields overridable. */
function wav60(lie: { byteRate?: number; dataSize?: number; riffSize?: number } = {}): Buffer {
  const rate = 8_000;
  const samples = rate * 60;
  const bytes = Buffer.alloc(44 + samples);
  bytes.write("RIFF", 0, "ascii");
  bytes.writeUInt32LE(lie.riffSize ?? 36 + samples, 4);
  bytes.write("WAVEfmt ", 8, "ascii");
  bytes.writeUInt32LE(16, 16);
  bytes.writeUInt16LE(1, 20);
  bytes.writeUInt16LE(1, 22);
  bytes.writeUInt32LE(rate, 24);
  bytes.writeUInt32LE(lie.byteRate ?? rate, 28);
  bytes.writeUInt16LE(1, 32);
  bytes.writeUInt16LE(8, 34);
  bytes.write("data", 36, "ascii");
  bytes.writeUInt32LE(lie.dataSize ?? samples, 40);
  for (let i = 0; i < samples; i++)
    bytes[44 + i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / rate));
  return bytes;
}

function transcribe(file: Uint8Array, model = "demo-whisper", format?: string) {
  const form = new FormData();
  form.set("model", model);
  if (format) form.set("response_format", format);
  form.set("file", new Blob([new Uint8Array(file)], { type: "audio/wav" }), "speech.wav");
  return fetch(`${server.url}/api/v1/audio/transcriptions`, {
    method: "POST",
    headers: { authorization: `Bearer ${account.key}` },
    body: form,
  });
}

async function meteredSeconds(response: Response): Promise<number> {
  await gateway.meter.flush();
  const { rows } = await pool().query<{ cost_paisa: number; billed: boolean }>(
    "SELECT cost_paisa, billed FROM usage_events WHERE id = $1",
    [response.headers.get("x-request-id")],
  );
  expect(rows[0].billed).toBe(true);
  return rows[0].cost_paisa;
}

describe("transcription metering", () => {
  it("meters the same 60 s of audio at 60 s whatever its header claims", async () => {
    const cases = {
      honest: wav60(),
      "byte rate 4 GB/s (was 0 s)": wav60({ byteRate: 0xffff_ffff }),
      "byte rate 1 B/s (was 5.5 days)": wav60({ byteRate: 1 }),
      "data size 2 bytes": wav60({ dataSize: 2 }),
      "data size 4 GB, RIFF size 0": wav60({ dataSize: 0xffff_ffff, riffSize: 0 }),
    };
    for (const [name, file] of Object.entries(cases)) {
      for (const format of ["json", "verbose_json", "text"]) {
        const response = await transcribe(file, "demo-whisper", format);
        expect(response.status, `${name} (${format})`).toBe(200);
        expect(await meteredSeconds(response), `${name} (${format})`).toBe(60);
      }
    }
  });

  it("decodes compressed audio by its content, and bounds what a forged container can claim", async () => {
    const fixture = (ext: string) =>
      readFileSync(new URL(`./test-support/audio/tone-3s.${ext}`, import.meta.url));
    // sox's 3 s tone: FLAC and Ogg Vorbis state 3.000 s, the MP3 (no Xing header) scans 3.168 s.
    for (const [ext, seconds] of [
      ["flac", 3],
      ["ogg", 3],
      ["mp3", 4],
    ] as const) {
      const response = await transcribe(fixture(ext));
      expect(response.status, ext).toBe(200);
      expect(await meteredSeconds(response), ext).toBe(seconds);
    }
    // A FLAC whose STREAMINFO claims one sample: at least its bytes at the raw PCM rate (0.56 s).
    const forged = Buffer.from(fixture("flac"));
    forged[21] &= 0xf0;
    forged.writeUInt32BE(1, 22);
    const response = await transcribe(forged);
    expect(response.status).toBe(200);
    expect(await meteredSeconds(response)).toBe(1);
  });

  it("prefers the duration the upstream reports", async () => {
    const response = await transcribe(wav60({ byteRate: 0xffff_ffff }), "remote-whisper");
    expect(response.status).toBe(200);
    expect((await response.json()).text).toBe("from upstream");
    expect(await meteredSeconds(response)).toBe(62);
  });

  it("refuses audio it cannot read with a 400, never a free call", async () => {
    const files = {
      zeros: new Uint8Array(32_000),
      text: Buffer.from("this is not audio at all, just words"),
      "WAV without frames": wav60().subarray(0, 44),
      "WAV claiming 4 GHz sampling": (() => {
        const file = wav60();
        file.writeUInt32LE(0xffff_ffff, 24);
        return file;
      })(),
    };
    for (const [name, file] of Object.entries(files)) {
      const response = await transcribe(file);
      expect(response.status, name).toBe(400);
      const { error } = await response.json();
      expect(error, name).toMatchObject({ param: "file", code: "invalid_audio" });
    }
  });
});
