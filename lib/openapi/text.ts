import { COST_HEADER } from "@/lib/gateway/pipeline/cost-step";
import { chatSamples } from "./samples";

const FENCE: Record<string, string> = { Shell: "sh", Python: "python", JavaScript: "js" };

/** The document's introduction (Markdown): how to call, be limited, be charged and fail. */
export function introduction(api: string, chatModel: string): string {
  const samples = chatSamples(api, chatModel)
    .map((s) => `**${s.label}**\n\n\`\`\`${FENCE[s.lang] ?? ""}\n${s.source}\n\`\`\``)
    .join("\n\n");
  return `An OpenAI-compatible API: point the official OpenAI SDKs (or any OpenAI-compatible client) at \`${api}\` with a key from the portal.

## Authentication

Send your API key as \`Authorization: Bearer sk-…\` (or \`X-API-Key: sk-…\`). Keys are created and revoked on the portal's **Keys** page; a key is shown once. This document itself is public.

## Quick start

${samples}

## Limits and rate-limit headers

Your plan sets requests per minute, requests per day, tokens per day and a maximum of tokens per request (a larger \`max_tokens\` is lowered to it). Calls to models and custom endpoints count toward these limits. **\`GET /models\`, \`GET /models/{id}\` and \`GET /usage\` are free reads: they are neither counted nor limited, and never billed.**

Every answer carries \`x-ratelimit-limit\`, \`x-ratelimit-remaining\` and \`x-ratelimit-reset\` (Unix seconds) for the window closest to running out, and OpenAI's \`x-ratelimit-{limit,remaining,reset}-{requests,tokens}\`. A refused call is a \`429\` with \`Retry-After\`: \`rate_limit_exceeded\` for requests, \`insufficient_quota\` when today's tokens are spent.

## Cost

Non-streamed answers carry \`${COST_HEADER}\`: the call's cost in micro-rupees (1 PKR = 1,000,000). Chat completions and embeddings also carry it in their body as \`usage.cost\` (PKR); a stream's final usage chunk (\`stream_options: {"include_usage": true}\`) carries it too. With prepaid credit or postpaid overage a call past your daily allowance goes on and is charged; one that would pass a monthly spend cap is refused with \`402\` \`insufficient_quota\`. Failed calls are not billed.

## Errors

Every error has the same JSON shape, so the OpenAI SDKs raise their typed errors:

\`\`\`json
{"error": {"message": "…", "type": "invalid_request_error", "param": "messages", "code": "missing_required_parameter"}}
\`\`\`

Each answer has an \`x-request-id\`; quote it when you ask for help.`;
}
