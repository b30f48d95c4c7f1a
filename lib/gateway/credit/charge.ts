import { maxCostMicros } from "@/lib/pricing/cost";
import type { PriceRates } from "@/lib/pricing/rates";
import type { Principal } from "../auth/authenticate";
import { GatewayError } from "../errors";
import { today } from "../limits/calendar";
import type { GatewayDeps, Prepared } from "../pipeline/types";
import type { ModelConfig } from "../upstreams/types";
import type { Hold, HoldRefusal, HoldRequest } from "./types";

/** A call admitted past its allowance: what it holds, and the model its price comes from. */
export interface Charge {
  hold: Hold;
  model: ModelConfig;
}

const CAP_MESSAGES: Record<Exclude<HoldRefusal, "no-funds">, string> = {
  "account-cap":
    "This call would pass your account's monthly spend cap. Raise the cap in the portal or wait for next month.",
  "key-cap":
    "This call would pass this API key's monthly spend cap. Raise the key's cap in the portal or wait for next month.",
};

/**
 * The most a call can cost at the rates in force when it started (the same rates its event is
 * priced at): null when it cannot be bounded before it runs (images, audio), so it is never
 * charged past the allowance.
 */
function maxCost(
  rates: PriceRates | null,
  tokens: { prompt: number; maxOutput: number } | null,
): number | null {
  if (!rates) return null;
  if (tokens) return maxCostMicros(rates, tokens);
  const { perImage, perAudioSecond, per1kChars } = rates;
  const other = perAudioSecond + per1kChars + Object.values(perImage).reduce((a, b) => a + b, 0);
  return other === 0 ? rates.perRequest : null;
}

/** What a call past the allowance would hold; null when it cannot be charged at all. */
function holdRequest(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  requestId: string,
  now: number,
): { request: HoldRequest; model: ModelConfig } | null {
  const model = prepared.model?.model;
  if (!deps.spend || !model) return null;
  const tokens = prepared.tokens;
  const bound = tokens?.fullPrompt
    ? { prompt: tokens.fullPrompt(), maxOutput: tokens.maxOutput }
    : tokens;
  const amount = maxCost(deps.prices.rates(model.id, now, model.price), bound);
  if (amount === null) return null;
  const { spend } = principal;
  const request: HoldRequest = {
    accountId: principal.accountId,
    keyId: principal.keyId,
    requestId,
    amount,
    // The cached day, not a month computed per call (time-zone formatting costs microseconds).
    month: today(now, deps.timeZone).day.slice(0, 7),
    accountCap: spend.accountCapMicros,
    keyCap: spend.keyCapMicros,
    postpaid: spend.postpaid,
  };
  return { request, model };
}

/**
 * The charge when its hold can be taken at once (a lease in this instance's memory): no promise
 * on the paid call's path. Null: take the awaited path (`holdPastAllowance`).
 */
export function holdPastAllowanceNow(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  requestId: string,
  now: number,
): Charge | null {
  if (!deps.spend?.holdNow) return null;
  const held = holdRequest(deps, principal, prepared, requestId, now);
  const hold = held && deps.spend.holdNow(held.request);
  return held && hold ? { hold, model: held.model } : null;
}

/**
 * Allowance, then credit, then stop: a call past the daily allowance holds its maximum cost
 * against the account's prepaid credit (or, with postpaid overage on, against the caps only).
 * Null when it cannot be charged — no credit, no postpaid, or a cost that cannot be bounded
 * before the call — so the allowance's 429 stands. A spend cap reached is a 402.
 */
export async function holdPastAllowance(
  deps: GatewayDeps,
  principal: Principal,
  prepared: Prepared,
  requestId: string,
  now: number,
): Promise<Charge | null> {
  const held = holdRequest(deps, principal, prepared, requestId, now);
  if (!deps.spend || !held) return null;
  let result: Awaited<ReturnType<typeof deps.spend.hold>>;
  try {
    result = await deps.spend.hold(held.request);
  } catch {
    // The balance is unreadable (Redis away): charge nothing rather than risk spending twice.
    return null;
  }
  if (result.ok) return { hold: result.hold, model: held.model };
  if (result.reason === "no-funds") return null;
  throw new GatewayError(402, CAP_MESSAGES[result.reason], {
    type: "insufficient_quota",
    code: "insufficient_quota",
  });
}

/**
 * The call ended: charge what it used at list price, never more than it held (so credit never
 * goes below zero and a cap is never passed), and release the rest. Returns the micros charged,
 * by where they go: debited from credit (the ledger) or owed on postpaid overage (billed later).
 */
export function settleCharge(
  deps: GatewayDeps,
  charge: Charge,
  cost: number,
): { creditMicros: number; postpaidMicros: number } {
  const charged = Math.min(cost, charge.hold.amount);
  deps.spend?.settle(charge.hold, charged).catch(() => {
    // Unsettled, the hold is released when its lease ends; the ledger debit is written anyway.
  });
  return charge.hold.mode === "credit"
    ? { creditMicros: charged, postpaidMicros: 0 }
    : { creditMicros: 0, postpaidMicros: charged };
}
