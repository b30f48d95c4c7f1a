import type { UpstreamClient } from "../client";
import { demoSpeech, demoTranscribe } from "./audio";
import { demoChat } from "./chat";
import { demoEmbeddings } from "./embeddings";
import { demoImages } from "./image";

/** The built-in offline upstream, answering every kind in-process. */
export const demoClient: UpstreamClient = {
  chat: demoChat,
  embeddings: demoEmbeddings,
  images: demoImages,
  speech: demoSpeech,
  transcribe: demoTranscribe,
};
