import { displayKey } from "@/lib/keys/format";
import { db } from "@/lib/services";

/** One account as the customer page shows it: who, what plan and terms, keys, billing. */
export async function customerDetail(accountId: string) {
  const account = await db().account.findUnique({
    where: { id: accountId },
    include: {
      members: {
        orderBy: { createdAt: "asc" },
        include: { user: { select: { id: true, email: true, name: true, role: true } } },
      },
      apiKeys: {
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          label: true,
          prefix: true,
          last4: true,
          createdAt: true,
          lastUsedAt: true,
          expiresAt: true,
          revokedAt: true,
        },
      },
      subscriptions: { orderBy: { createdAt: "desc" }, take: 20 },
      invoices: { orderBy: { createdAt: "desc" }, take: 24 },
    },
  });
  if (!account) return null;
  const { apiKeys, ...rest } = account;
  return {
    ...rest,
    keys: apiKeys.map(({ prefix, last4, ...key }) => ({
      ...key,
      display: displayKey(last4, prefix),
    })),
  };
}

export type CustomerDetail = NonNullable<Awaited<ReturnType<typeof customerDetail>>>;
