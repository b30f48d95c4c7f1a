/** ~600 KB of function definitions, like the call that was billed 158,000 prompt tokens. */
export function bigTools(bytes = 600_000): Record<string, unknown>[] {
  const tools: Record<string, unknown>[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const tool = {
      type: "function",
      function: {
        name: `lookup_record_${i}`,
        description: `Looks up record ${i} in the ledger and returns its owner, balance and the date it was last changed.`,
        parameters: {
          type: "object",
          properties: { id: { type: "string", description: `The id of record ${i}` } },
          required: ["id"],
        },
      },
    };
    size += JSON.stringify(tool).length;
    tools.push(tool);
  }
  return tools;
}
