import { encode } from "next-auth/jwt";
import type { Cluster } from "./cluster";

/**
 * A portal session cookie for the user owning `email`, signed the way next-auth signs it (the
 * instances' NEXTAUTH_SECRET is their DARWAZA_SECRET), so a test can load the dashboard without
 * driving the sign-in form.
 */
export async function sessionCookie(cluster: Cluster, email: string): Promise<string> {
  const rows = await cluster.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [
    email,
  ]);
  if (!rows[0]) throw new Error(`no user ${email}`);
  const token = await encode({ token: { sub: rows[0].id, email }, secret: cluster.secret });
  return `next-auth.session-token=${token}`;
}
