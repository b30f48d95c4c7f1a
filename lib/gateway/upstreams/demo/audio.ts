import type { JsonCall, SpeechReply, TranscribeCall, TranscribeReply } from "../client";

const RATE = 8_000;

/** A mono 8-bit PCM WAV: a tone of 80 ms per word of the input (at most 4 s). */
export function demoWav(text: string): Buffer {
  const words = Math.max(1, text.split(/\s+/).filter(Boolean).length);
  const samples = Math.min(RATE * 4, Math.round(RATE * 0.08 * words));
  const wav = Buffer.alloc(44 + samples);
  wav.write("RIFF", 0, "ascii");
  wav.writeUInt32LE(36 + samples, 4);
  wav.write("WAVE", 8, "ascii");
  wav.write("fmt ", 12, "ascii");
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(RATE, 24);
  wav.writeUInt32LE(RATE, 28); // byte rate
  wav.writeUInt16LE(1, 32); // block align
  wav.writeUInt16LE(8, 34); // bits per sample
  wav.write("data", 36, "ascii");
  wav.writeUInt32LE(samples, 40);
  for (let i = 0; i < samples; i++)
    wav[44 + i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  return wav;
}

/** Whatever format was asked for, the demo answers WAV (and says so in Content-Type). */
export async function demoSpeech(call: JsonCall): Promise<SpeechReply> {
  return { bytes: demoWav(String(call.body.input ?? "")), contentType: "audio/wav" };
}

/** The demo "hears" the duration the gateway measured and reports it like OpenAI. */
export async function demoTranscribe(call: TranscribeCall): Promise<TranscribeReply> {
  const { audioMs } = call;
  const seconds = Math.round(audioMs / 100) / 10;
  const text = `Demo transcript of ${call.file.size} bytes of audio (${seconds} seconds).`;
  const format = call.form.get("response_format");
  if (format === "text") return { body: text, contentType: "text/plain; charset=utf-8" };
  if (format === "srt" || format === "vtt") {
    const end = new Date(audioMs).toISOString().slice(11, 23);
    const body =
      format === "srt"
        ? `1\n00:00:00,000 --> ${end.replace(".", ",")}\n${text}\n`
        : `WEBVTT\n\n00:00:00.000 --> ${end}\n${text}\n`;
    return { body, contentType: "text/plain; charset=utf-8" };
  }
  const json =
    format === "verbose_json"
      ? { task: "transcribe", language: "english", duration: seconds, text, segments: [] }
      : { text, usage: { type: "duration", seconds: Math.ceil(audioMs / 1000) } };
  return { body: JSON.stringify(json), contentType: "application/json" };
}
