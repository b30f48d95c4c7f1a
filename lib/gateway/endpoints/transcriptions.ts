import { badRequest } from "../errors";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import { audioDurationMs, reportedAudioMs } from "./audio-duration";

/** The response formats accepted (the API reference lists the same). */
export const TRANSCRIPTION_FORMATS = ["json", "text", "srt", "verbose_json", "vtt"] as const;
const FORMATS: ReadonlySet<string> = new Set(TRANSCRIPTION_FORMATS);

/** Parse multipart/form-data with the platform's parser (undici's, via Response#formData). */
async function readForm(ctx: CallContext): Promise<FormData> {
  const contentType = ctx.request.header("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    throw badRequest(
      "Expected a multipart/form-data body with a `file` and a `model`.",
      null,
      "invalid_content_type",
    );
  }
  const bytes = await ctx.request.readBody(ctx.deps.maxBodyBytes);
  try {
    // A copy typed as a plain ArrayBuffer view, as Response wants.
    return await new Response(new Uint8Array(bytes), {
      headers: { "content-type": contentType },
    }).formData();
  } catch {
    throw badRequest(
      "We could not parse the multipart body of your request.",
      null,
      "invalid_multipart",
    );
  }
}

async function prepare(ctx: CallContext): Promise<Prepared> {
  const form = await readForm(ctx);
  const file = form.get("file");
  if (file === null)
    throw badRequest("Missing required parameter: 'file'.", "file", "missing_required_parameter");
  if (typeof file === "string")
    throw badRequest("Invalid value for 'file': expected a file upload.", "file", "invalid_type");
  const model = form.get("model");
  if (model === null)
    throw badRequest("Missing required parameter: 'model'.", "model", "missing_required_parameter");
  if (typeof model !== "string" || model === "")
    throw badRequest("Invalid value for 'model': expected a string.", "model", "invalid_type");
  const format = form.get("response_format");
  if (format !== null && (typeof format !== "string" || !FORMATS.has(format))) {
    throw badRequest(
      `Invalid value for 'response_format': expected one of ${[...FORMATS].join(", ")}.`,
      "response_format",
      "invalid_value",
    );
  }
  const resolved = ctx.deps.registry.resolve(model, "transcription", ctx.principal);
  // Measured before anything is admitted: audio we cannot read is refused, never metered as 0 s.
  const measuredMs = await audioDurationMs(new Uint8Array(await file.arrayBuffer()));
  if (measuredMs === null) {
    throw badRequest(
      "We could not read any audio in 'file'. Supported formats: flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm.",
      "file",
      "invalid_audio",
    );
  }
  form.set("model", resolved.model.upstreamModel);
  return {
    model: resolved,
    counted: true,
    tokens: null,
    async run() {
      const reply = await resolved.client.transcribe({
        form,
        file,
        audioMs: measuredMs,
        signal: ctx.request.signal,
        requestId: ctx.requestId,
      });
      const audioMs = reportedAudioMs(reply.body, reply.contentType) ?? measuredMs;
      return {
        kind: "done",
        status: 200,
        headers: { "content-type": reply.contentType },
        body: reply.body,
        use: { audioMs },
      };
    },
  };
}

export const audioTranscriptions: Endpoint = {
  name: "audio.transcriptions",
  method: "POST",
  prepare,
};
