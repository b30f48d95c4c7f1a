import type { UpstreamsFile } from "./file-schema";

/**
 * The built-in demo upstreams: deterministic, offline and in-process, so `npm start` gives a
 * working gateway with no accounts anywhere. Prices are in paisa and only illustrative.
 */
export const DEFAULT_UPSTREAMS: UpstreamsFile = {
  upstreams: [
    {
      id: "demo-llm",
      kind: "llm",
      baseUrl: "demo",
      models: [
        { id: "demo-chat", minPlan: "free", price: { inputPer1k: 5, outputPer1k: 15 } },
        { id: "demo-chat-pro", minPlan: "pro", price: { inputPer1k: 20, outputPer1k: 60 } },
        { id: "demo-embedding", type: "embedding", minPlan: "free", price: { inputPer1k: 1 } },
      ],
    },
    {
      id: "demo-image",
      kind: "image",
      baseUrl: "demo",
      models: [{ id: "demo-image", minPlan: "free", price: { perImage: 200 } }],
    },
    {
      id: "demo-voice",
      kind: "voice",
      baseUrl: "demo",
      models: [
        { id: "demo-tts", type: "speech", minPlan: "free", price: { per1kChars: 50 } },
        { id: "demo-whisper", type: "transcription", minPlan: "free", price: { perSecond: 1 } },
      ],
    },
  ],
};
