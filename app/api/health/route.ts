import { checkDatabase } from "@/lib/db/health";
import { route } from "@/lib/http/route";
import { pool } from "@/lib/services";

export const dynamic = "force-dynamic";

/** For load balancers: 200 when the database answers, 503 when it does not. */
export const GET = route({ auth: "none" }, async () => {
  const database = await checkDatabase(pool());
  return Response.json(
    { status: database.ok ? "ok" : "unavailable", database },
    { status: database.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
});
