// Trivial Next route handlers that `npm run bench` compares the Next-mounted gateway against:
// GET answers at once; POST first reads the request body (as any handler of a POST must, and as
// the bench's bare node:http server does), so the comparison with POST /api/v1 is like for like.
export function GET(): Response {
  return Response.json({ ok: true });
}

export async function POST(request: Request): Promise<Response> {
  await request.arrayBuffer();
  return Response.json({ ok: true });
}
