const pkr = new Intl.NumberFormat("en-PK", {
  style: "currency",
  currency: "PKR",
  currencyDisplay: "code",
  maximumFractionDigits: 2,
  minimumFractionDigits: 0,
});

/** 500000 → "PKR 5,000". Money is carried as integer paisa everywhere; this is display only. */
export function formatPkr(paisa: number | bigint): string {
  return pkr.format(Number(paisa) / 100).replace(/\u00a0/g, " ");
}

export function formatCount(value: number | bigint | null): string {
  return value === null ? "Unlimited" : new Intl.NumberFormat("en-US").format(value);
}

const plurals = new Intl.PluralRules("en-US");

/** A count with its noun in the right number: "1 account", "2 accounts", "1,000 entries". */
export function formatCountOf(value: number | bigint, one: string, other = `${one}s`): string {
  return `${formatCount(value)} ${plurals.select(Number(value)) === "one" ? one : other}`;
}
