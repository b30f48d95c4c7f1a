import type { ResponseConfig, ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { chatCompletions, chatSchema } from "@/lib/gateway/endpoints/chat";
import { embeddings, embeddingsSchema } from "@/lib/gateway/endpoints/embeddings";
import { imageGenerations, imagesSchema } from "@/lib/gateway/endpoints/images";
import { listModels, retrieveModel } from "@/lib/gateway/endpoints/models";
import { audioSpeech, speechSchema } from "@/lib/gateway/endpoints/speech";
import { audioTranscriptions, TRANSCRIPTION_FORMATS } from "@/lib/gateway/endpoints/transcriptions";
import { accountUsage } from "@/lib/gateway/endpoints/usage";
import type { Endpoint } from "@/lib/gateway/pipeline/types";
import {
  accountUsage as accountUsageBody,
  chatCompletion,
  chatStream,
  embeddingList,
  imagesResponse,
  model,
  modelList,
  transcription,
} from "./responses";
import {
  type CodeSample,
  chatSamples,
  type ExampleModels,
  embeddingSamples,
  simpleSamples,
} from "./samples";

/** What the reference says of one built-in endpoint, beside what the router knows of it. */
export interface OperationSpec {
  operationId: string;
  summary: string;
  description: string;
  tag: string;
  /** The request body, with an example for this server's models (the try-it console sends it). */
  body?: (models: ExampleModels) => ZodRequestBody;
  params?: z.ZodObject;
  ok: ResponseConfig;
  /** Error statuses this operation may answer, beyond those of every call. */
  errors: number[];
  samples(api: string, models: ExampleModels): CodeSample[];
}

const json = (schema: z.ZodType) => ({ content: { "application/json": { schema } } });

/** A required JSON body: the gateway's own schema, named as a component, and an example. */
const jsonBody =
  (schema: z.ZodType, id: string, example: (models: ExampleModels) => object) =>
  (models: ExampleModels): ZodRequestBody => ({
    required: true,
    content: { "application/json": { schema: schema.meta({ id }), example: example(models) } },
  });

/** Calls that reach a model: priced, counted, routed upstream. */
const MODEL_ERRORS = [400, 402, 404, 413, 429, 502, 504];

const COUNTED =
  "Counts as one request toward your requests per minute and per day; its tokens count toward tokens per day.";

const FREE_READ =
  "A free read: not counted toward your requests per minute or per day, never limited by them and never billed (the rate-limit headers still report your windows).";

export const OPERATIONS = new Map<Endpoint, OperationSpec>([
  [
    chatCompletions,
    {
      operationId: "createChatCompletion",
      summary: "Create a chat completion",
      tag: "Chat",
      description: `OpenAI's chat completions: fields the gateway reads are checked, every other field is passed through to the model. \`max_tokens\` above your plan's cap is lowered to it. With \`stream: true\` the answer is server-sent events. ${COUNTED}`,
      body: jsonBody(chatSchema, "ChatCompletionRequest", (models) => ({
        model: models.chat,
        messages: [{ role: "user", content: "Salaam!" }],
        max_tokens: 64,
      })),
      ok: {
        description: "The completion (JSON), or a stream of chunks with `stream: true`.",
        content: {
          "application/json": { schema: chatCompletion },
          "text/event-stream": { schema: chatStream },
        },
      },
      errors: MODEL_ERRORS,
      samples: (api, models) => chatSamples(api, models.chat),
    },
  ],
  [
    embeddings,
    {
      operationId: "createEmbedding",
      summary: "Create embeddings",
      tag: "Embeddings",
      description: `Vectors for one or more inputs (strings or token arrays, up to 2,048). Only input tokens are used. ${COUNTED}`,
      body: jsonBody(embeddingsSchema, "EmbeddingRequest", (models) => ({
        model: models.embedding,
        input: "Salaam",
      })),
      ok: { description: "The embeddings.", ...json(embeddingList) },
      errors: MODEL_ERRORS,
      samples: (api, models) => embeddingSamples(api, models.embedding),
    },
  ],
  [
    imageGenerations,
    {
      operationId: "createImage",
      summary: "Generate images",
      tag: "Images",
      description: `Images from a prompt; \`model\` may be left out (the first image model of your plan). Priced per image. ${COUNTED}`,
      body: jsonBody(imagesSchema, "ImageRequest", (models) => ({
        model: models.image,
        prompt: "A gateway in Lahore at dusk",
      })),
      ok: { description: "The images.", ...json(imagesResponse) },
      errors: MODEL_ERRORS,
      samples: (api, models) =>
        simpleSamples(
          api,
          "/images/generations",
          "POST",
          `{"model": "${models.image}", "prompt": "A gateway in Lahore at dusk"}`,
          {
            python: `image = client.images.generate(model="${models.image}", prompt="A gateway in Lahore at dusk")`,
            node: `const image = await client.images.generate({ model: "${models.image}", prompt: "A gateway in Lahore at dusk" });`,
          },
        ),
    },
  ],
  [
    audioSpeech,
    {
      operationId: "createSpeech",
      summary: "Text to speech",
      tag: "Audio",
      description: `Audio of the input text, in \`response_format\` (mp3 by default). Priced per 1,000 characters. ${COUNTED}`,
      body: jsonBody(speechSchema, "SpeechRequest", (models) => ({
        model: models.speech,
        input: "Salaam",
        voice: "alloy",
      })),
      ok: {
        description: "The audio.",
        content: { "audio/*": { schema: z.string().meta({ format: "binary" }) } },
      },
      errors: MODEL_ERRORS,
      samples: (api, models) =>
        simpleSamples(
          api,
          "/audio/speech",
          "POST",
          `{"model": "${models.speech}", "input": "Salaam", "voice": "alloy"}`,
          {
            python: `speech = client.audio.speech.create(model="${models.speech}", input="Salaam", voice="alloy")\nspeech.write_to_file("salaam.mp3")`,
            node: `const speech = await client.audio.speech.create({ model: "${models.speech}", input: "Salaam", voice: "alloy" });`,
          },
        ),
    },
  ],
  [
    audioTranscriptions,
    {
      operationId: "createTranscription",
      summary: "Speech to text",
      tag: "Audio",
      description: `Text of an uploaded audio file (flac, m4a, mp3, mp4, mpeg, mpga, oga, ogg, wav, webm). Priced per second of audio, measured from the file. ${COUNTED}`,
      body: () => ({
        required: true,
        content: {
          "multipart/form-data": {
            schema: z
              .object({
                file: z.string().meta({ format: "binary", description: "The audio file." }),
                model: z.string().min(1),
                response_format: z.enum(TRANSCRIPTION_FORMATS).optional(),
              })
              .meta({ id: "TranscriptionRequest" }),
          },
        },
      }),
      ok: {
        description: "The text: JSON by default, plain text, SRT or VTT as asked.",
        content: {
          "application/json": { schema: transcription },
          "text/plain": { schema: z.string() },
        },
      },
      errors: MODEL_ERRORS,
      samples: (api, models) => [
        {
          lang: "Shell",
          label: "curl",
          source: `curl ${api}/audio/transcriptions \\\n  -H "Authorization: Bearer $DARWAZA_API_KEY" \\\n  -F model=${models.transcription} \\\n  -F file=@salaam.mp3`,
        },
      ],
    },
  ],
  [
    listModels,
    {
      operationId: "listModels",
      summary: "List models",
      tag: "Models",
      description: `The models your plan may use. ${FREE_READ}`,
      ok: { description: "The models.", ...json(modelList) },
      errors: [],
      samples: (api) =>
        simpleSamples(api, "/models", "GET", null, {
          python: "for model in client.models.list():\n    print(model.id)",
          node: "for await (const model of client.models.list()) console.log(model.id);",
        }),
    },
  ],
  [
    retrieveModel,
    {
      operationId: "retrieveModel",
      summary: "Retrieve a model",
      tag: "Models",
      description: `One model, if your plan may use it. ${FREE_READ}`,
      params: z.object({
        id: z.string().meta({ description: "The model id.", example: "demo-chat" }),
      }),
      ok: { description: "The model.", ...json(model) },
      errors: [404],
      samples: (api, models) =>
        simpleSamples(api, `/models/${models.chat}`, "GET", null, {
          python: `print(client.models.retrieve("${models.chat}"))`,
          node: `console.log(await client.models.retrieve("${models.chat}"));`,
        }),
    },
  ],
  [
    accountUsage,
    {
      operationId: "getUsage",
      summary: "Your usage this month",
      tag: "Account",
      description: `This calendar month's requests, tokens and cost, today's use against your limits and what remains, by endpoint and model. Your latest calls are included. ${FREE_READ}`,
      ok: { description: "The usage summary.", ...json(accountUsageBody) },
      errors: [],
      samples: (api) => simpleSamples(api, "/usage", "GET", null, null),
    },
  ],
]);
