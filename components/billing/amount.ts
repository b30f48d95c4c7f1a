import { formatPkr } from "@/lib/plans/money";

/** Invoice amounts are in the currency's minor unit: paisa for PKR, cents for most others. */
export function formatAmount(amount: number, currency: string): string {
  if (currency.toLowerCase() === "pkr") return formatPkr(amount);
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
  }).format(amount / 100);
}
