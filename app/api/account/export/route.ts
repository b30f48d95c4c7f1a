import { exportAccountData } from "@/lib/account/export";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** GET /api/account/export: the signed-in user's and their account's data as a JSON download. */
export const GET = route({ auth: "session", permission: "account:export" }, async ({ user }) => {
  const data = await exportAccountData(user.id, user.accountId);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(`${JSON.stringify(data, null, 2)}\n`, {
    headers: {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="darwaza-export-${day}.json"`,
      "cache-control": "no-store",
    },
  });
});
