import { displayKey } from "@/lib/keys/format";
import { db } from "@/lib/services";

export interface KeyLabel {
  id: string;
  label: string;
  display: string;
}

/** The account's keys by id, for naming them in charts and tables (revoked ones included). */
export async function keyLabels(accountId: string): Promise<Map<string, KeyLabel>> {
  const keys = await db().apiKey.findMany({
    where: { accountId },
    select: { id: true, label: true, prefix: true, last4: true },
  });
  return new Map(
    keys.map((k) => [k.id, { id: k.id, label: k.label, display: displayKey(k.last4, k.prefix) }]),
  );
}

export function keyName(labels: Map<string, KeyLabel>, keyId: string | null): string {
  if (!keyId) return "No key";
  const key = labels.get(keyId);
  return key ? `${key.label} (${key.display})` : "Deleted key";
}
