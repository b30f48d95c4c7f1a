/** Example model ids for the samples: the configured models, else a placeholder. */
export interface ExampleModels {
  chat: string;
  embedding: string;
  image: string;
  speech: string;
  transcription: string;
}

export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

const ENV = "DARWAZA_API_KEY";

function curl(api: string, path: string, method: string, body: string | null): string {
  const lines = [`curl ${method === "GET" ? "" : `-X ${method} `}${api}${path} \\`];
  lines.push(`  -H "Authorization: Bearer $${ENV}"${body === null ? "" : " \\"}`);
  if (body !== null) {
    lines.push(`  -H "Content-Type: application/json" \\`);
    lines.push(`  -d '${body}'`);
  }
  return lines.join("\n");
}

/** curl, the OpenAI SDKs (Python, Node) and the Vercel AI SDK, pointed at this server. */
export function chatSamples(api: string, model: string): CodeSample[] {
  const body = `{"model": "${model}", "messages": [{"role": "user", "content": "Salaam!"}]}`;
  return [
    { lang: "Shell", label: "curl", source: curl(api, "/chat/completions", "POST", body) },
    {
      lang: "Python",
      label: "Python (openai)",
      source: `import os
from openai import OpenAI

client = OpenAI(base_url="${api}", api_key=os.environ["${ENV}"])
reply = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Salaam!"}],
)
print(reply.choices[0].message.content)
print(reply.usage.cost)  # PKR`,
    },
    {
      lang: "JavaScript",
      label: "Node (openai)",
      source: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${api}", apiKey: process.env.${ENV} });
const reply = await client.chat.completions.create({
  model: "${model}",
  messages: [{ role: "user", content: "Salaam!" }],
});
console.log(reply.choices[0].message.content);`,
    },
    {
      lang: "JavaScript",
      label: "Vercel AI SDK",
      source: `import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText } from "ai";

const darwaza = createOpenAICompatible({
  name: "darwaza",
  baseURL: "${api}",
  apiKey: process.env.${ENV},
});
const { text } = await generateText({ model: darwaza("${model}"), prompt: "Salaam!" });
console.log(text);`,
    },
  ];
}

export function embeddingSamples(api: string, model: string): CodeSample[] {
  return [
    {
      lang: "Shell",
      label: "curl",
      source: curl(api, "/embeddings", "POST", `{"model": "${model}", "input": "Salaam"}`),
    },
    {
      lang: "Python",
      label: "Python (openai)",
      source: `import os
from openai import OpenAI

client = OpenAI(base_url="${api}", api_key=os.environ["${ENV}"])
result = client.embeddings.create(model="${model}", input="Salaam")
print(len(result.data[0].embedding))`,
    },
    {
      lang: "JavaScript",
      label: "Node (openai)",
      source: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${api}", apiKey: process.env.${ENV} });
const result = await client.embeddings.create({ model: "${model}", input: "Salaam" });
console.log(result.data[0].embedding.length);`,
    },
    {
      lang: "JavaScript",
      label: "Vercel AI SDK",
      source: `import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { embed } from "ai";

const darwaza = createOpenAICompatible({
  name: "darwaza",
  baseURL: "${api}",
  apiKey: process.env.${ENV},
});
const { embedding } = await embed({
  model: darwaza.textEmbeddingModel("${model}"),
  value: "Salaam",
});`,
    },
  ];
}

/** curl and the OpenAI SDKs for an endpoint the SDKs name `sdkCall` (e.g. "models.list()"). */
export function simpleSamples(
  api: string,
  path: string,
  method: "GET" | "POST",
  body: string | null,
  sdk: { python: string; node: string } | null,
): CodeSample[] {
  const samples: CodeSample[] = [
    { lang: "Shell", label: "curl", source: curl(api, path, method, body) },
  ];
  if (!sdk) return samples;
  samples.push(
    {
      lang: "Python",
      label: "Python (openai)",
      source: `import os
from openai import OpenAI

client = OpenAI(base_url="${api}", api_key=os.environ["${ENV}"])
${sdk.python}`,
    },
    {
      lang: "JavaScript",
      label: "Node (openai)",
      source: `import OpenAI from "openai";

const client = new OpenAI({ baseURL: "${api}", apiKey: process.env.${ENV} });
${sdk.node}`,
    },
  );
  return samples;
}
