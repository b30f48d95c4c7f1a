import { redirect } from "next/navigation";
import { getCurrentUser } from "@/lib/auth/current-user";

// Where a sign-in with no page to return to lands: admins in the console, customers in the portal.
export const dynamic = "force-dynamic";

export default async function SignedInPage() {
  const user = await getCurrentUser();
  if (!user) redirect("/signin");
  redirect(user.role === "admin" ? "/admin" : "/dashboard");
}
