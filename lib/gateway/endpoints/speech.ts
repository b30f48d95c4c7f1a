import { z } from "zod";
import type { CallContext, Endpoint, Prepared } from "../pipeline/types";
import { readJson, validate } from "./body";

export const speechSchema = z.looseObject({
  model: z.string().min(1),
  input: z.string().min(1).max(4096),
  voice: z.union([z.string().min(1), z.looseObject({ id: z.string() })]),
  response_format: z.enum(["mp3", "opus", "aac", "flac", "wav", "pcm"]).nullable().optional(),
  speed: z.number().min(0.25).max(4).nullable().optional(),
});

async function prepare(ctx: CallContext): Promise<Prepared> {
  return prepareWith(ctx, validate(speechSchema, await readJson(ctx)));
}

function prepareWith(ctx: CallContext, body: z.output<typeof speechSchema>): Prepared {
  const resolved = ctx.deps.registry.resolve(body.model, "speech", ctx.principal);
  return {
    model: resolved,
    counted: true,
    tokens: null,
    cache: { body, fields: body },
    async run() {
      const reply = await resolved.client.speech({
        body: { ...body, model: resolved.model.upstreamModel },
        signal: ctx.request.signal,
        requestId: ctx.requestId,
      });
      return {
        kind: "done",
        status: 200,
        headers: { "content-type": reply.contentType },
        body: reply.bytes,
        use: { chars: body.input.length },
      };
    },
  };
}

export const audioSpeech: Endpoint = { name: "audio.speech", method: "POST", prepare };
