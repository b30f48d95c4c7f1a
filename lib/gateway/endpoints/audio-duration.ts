import { parseBuffer } from "music-metadata";

/** WAVE format tags whose data is plain frames: PCM, IEEE float, A-law, µ-law, extensible. */
const FRAMED_FORMATS = new Set([0x0001, 0x0003, 0x0006, 0x0007, 0xfffe]);
const MIN_RATE = 1_000;
const MAX_RATE = 384_000;

/**
 * Compressed audio's duration comes from its container (FLAC's sample count, Ogg's last granule,
 * Matroska's Duration), which a client can forge: it is never taken below the file's size at
 * the format's highest bitrate — raw PCM for lossless formats, 512 kbit/s for lossy ones.
 */
const LOSSY_MAX_BYTES_PER_SECOND = 64_000;
const PCM_FALLBACK_BYTES_PER_SECOND = 48_000 * 2 * 2;

interface WavFormat {
  tag: number;
  channels: number;
  sampleRate: number;
  bitsPerSample: number;
}

const ascii = (bytes: Buffer, at: number) => bytes.toString("ascii", at, at + 4);

/**
 * The duration of a framed (PCM-like) WAV from the data bytes actually present: the header's
 * byte rate and data size are the client's claims, so neither is read. Undefined when the file
 * is not such a WAV (another format, or a WAV of compressed data), null when it is broken.
 */
function wavMs(bytes: Buffer): number | null | undefined {
  if (bytes.length < 12 || ascii(bytes, 0) !== "RIFF" || ascii(bytes, 8) !== "WAVE")
    return undefined;
  let format: WavFormat | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = ascii(bytes, at);
    const size = bytes.readUInt32LE(at + 4);
    if (id === "fmt " && at + 24 <= bytes.length) {
      format = {
        tag: bytes.readUInt16LE(at + 8),
        channels: bytes.readUInt16LE(at + 10),
        sampleRate: bytes.readUInt32LE(at + 12),
        bitsPerSample: bytes.readUInt16LE(at + 22),
      };
    } else if (id === "data") {
      if (!format) return null;
      if (!FRAMED_FORMATS.has(format.tag)) return undefined;
      const { channels, sampleRate, bitsPerSample } = format;
      if (channels < 1 || bitsPerSample < 8 || bitsPerSample % 8 !== 0) return null;
      if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) return null;
      // Everything after the data header is audio to the upstream, whatever size it claims.
      const frames = Math.floor((bytes.length - at - 8) / (channels * (bitsPerSample / 8)));
      return (frames / sampleRate) * 1000;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * How long an upload's audio plays, in ms, measured from its bytes: WAV from the frames present,
 * other formats decoded by music-metadata (recognised by their content, not the name or type the
 * client gave). Null when it is not audio we can read, or holds none.
 */
export async function audioDurationMs(data: Uint8Array): Promise<number | null> {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const wav = wavMs(bytes);
  if (wav !== undefined) return wav !== null && wav > 0 ? Math.round(wav) : null;
  try {
    const { format } = await parseBuffer(bytes, undefined, { duration: true, skipCovers: true });
    if (!format.container && !format.codec) return null;
    const pcmRate =
      format.sampleRate && format.numberOfChannels && format.bitsPerSample
        ? (format.sampleRate * format.numberOfChannels * format.bitsPerSample) / 8
        : PCM_FALLBACK_BYTES_PER_SECOND;
    const maxRate = format.lossless ? pcmRate : LOSSY_MAX_BYTES_PER_SECOND;
    const claimed = Number.isFinite(format.duration) ? (format.duration ?? 0) : 0;
    // A stream that states no duration (a browser's WebM, say) is metered by the bound alone.
    return Math.max(1, Math.round(Math.max(claimed, bytes.length / maxRate) * 1000));
  } catch {
    return null;
  }
}

/**
 * The duration an upstream reports in its answer, in ms: verbose_json's `duration`, or the
 * `usage` of type "duration" OpenAI's json answers carry. Null when it reports none.
 */
export function reportedAudioMs(body: string, contentType: string): number | null {
  if (!contentType.toLowerCase().includes("json")) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (!json || typeof json !== "object") return null;
  const { duration, usage } = json as { duration?: unknown; usage?: unknown };
  const seconds =
    typeof duration === "number"
      ? duration
      : usage && typeof usage === "object" && (usage as { type?: unknown }).type === "duration"
        ? (usage as { seconds?: unknown }).seconds
        : undefined;
  return typeof seconds === "number" && Number.isFinite(seconds) && seconds >= 0
    ? Math.round(seconds * 1000)
    : null;
}
