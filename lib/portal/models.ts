import { loadUpstreams } from "@/lib/gateway/upstreams/config";
import type { PlanTerms } from "@/lib/plans/plans";

/** A chat model this plan may call, for the quick-start snippet; null if none is configured. */
export function quickStartModel(plan: PlanTerms): string | null {
  try {
    for (const upstream of loadUpstreams()) {
      const model = upstream.models.find(
        (m) =>
          m.type === "chat" &&
          m.minRank <= plan.rank &&
          (!plan.models || plan.models.includes(m.id)),
      );
      if (model) return model.id;
    }
  } catch {
    // A broken upstreams file is reported by the gateway at start; the snippet just goes generic.
  }
  return null;
}

/** The models this plan may call, for a key's model scope (empty when none is configured). */
export function planModelIds(plan: PlanTerms): string[] {
  const ids: string[] = [];
  try {
    for (const upstream of loadUpstreams()) {
      for (const m of upstream.models) {
        if (m.minRank > plan.rank || (plan.models && !plan.models.includes(m.id))) continue;
        if (!ids.includes(m.id)) ids.push(m.id);
      }
    }
  } catch {
    // A broken upstreams file: the gateway reports it; the form offers no models to pick.
  }
  return ids;
}
