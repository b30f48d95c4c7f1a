// The trivial Next route handler `npm run bench` compares the Next-mounted gateway against.
export function GET(): Response {
  return Response.json({ ok: true });
}
