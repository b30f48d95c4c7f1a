import type { UpstreamClient } from "../client";
import { demoSpeech, demoTranscribe } from "./audio";
import { demoChat } from "./chat";
import { demoImages } from "./image";

/** The built-in offline upstream, answering every kind in-process. */
export const demoClient: UpstreamClient = {
  chat: async (call) => demoChat(call),
  chatNow: demoChat,
  images: demoImages,
  speech: demoSpeech,
  transcribe: demoTranscribe,
};
