import { accountLimits, KEY_ENDPOINTS } from "@/lib/keys/settings";
import { accountPlan } from "@/lib/plans/store";
import { db } from "@/lib/services";
import { planModelIds } from "./models";

/** What a key's settings fields offer this account: its plan's models and limits. */
export async function keySettingsChoices(accountId: string) {
  const [plan, limits] = await Promise.all([
    accountPlan(db(), accountId),
    accountLimits(accountId),
  ]);
  return {
    models: planModelIds(plan),
    endpoints: KEY_ENDPOINTS,
    planLimits: {
      rpm: limits.requestsPerMinute,
      rpd: limits.requestsPerDay,
      tpd: limits.tokensPerDay,
    },
  };
}
