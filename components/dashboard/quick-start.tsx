import { CodeTabs } from "./code-tabs";

/** curl and the official OpenAI SDKs pointed at this host's /api/v1. */
export function QuickStart({ baseUrl, model }: { baseUrl: string; model: string | null }) {
  const api = `${baseUrl}/api/v1`;
  const modelName = model ?? "your-model";
  const samples = [
    {
      id: "curl",
      label: "curl",
      code: `curl ${api}/chat/completions \\
  -H "Authorization: Bearer $DARWAZA_API_KEY" \\
  -H "Content-Type: application/json" \\
  -d '{"model": "${modelName}", "messages": [{"role": "user", "content": "Hello!"}]}'`,
    },
    {
      id: "node",
      label: "OpenAI SDK (Node)",
      code: `import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "${api}",
  apiKey: process.env.DARWAZA_API_KEY,
});

const reply = await client.chat.completions.create({
  model: "${modelName}",
  messages: [{ role: "user", content: "Hello!" }],
});
console.log(reply.choices[0].message.content);`,
    },
    {
      id: "python",
      label: "OpenAI SDK (Python)",
      code: `import os
from openai import OpenAI

client = OpenAI(base_url="${api}", api_key=os.environ["DARWAZA_API_KEY"])

reply = client.chat.completions.create(
    model="${modelName}",
    messages=[{"role": "user", "content": "Hello!"}],
)
print(reply.choices[0].message.content)`,
    },
  ];
  return <CodeTabs samples={samples} />;
}
