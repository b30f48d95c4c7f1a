import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { PasswordForm } from "./password-form";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage() {
  const user = await requireUser("/dashboard/account");
  return (
    <>
      <PageHeader title="Account" description={`Signed in as ${user.email}.`} />
      <Card title="Password">
        <PasswordForm />
      </Card>
    </>
  );
}
