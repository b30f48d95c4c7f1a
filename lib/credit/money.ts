/** 1 PKR = 1,000,000 micro-rupees: the unit of every amount charged per request (README). */
export const MICROS_PER_PKR = 1_000_000;

const PKR = /^\s*(\d{1,12})(?:\.(\d{1,6}))?\s*$/;

/** "1234.5" (PKR, up to six decimals) → 1,234,500,000 micros, exactly: no float ever. */
export function pkrToMicros(text: string): number | null {
  const match = PKR.exec(text.replace(/,/g, ""));
  if (!match) return null;
  const whole = Number(match[1]) * MICROS_PER_PKR;
  const fraction = Number((match[2] ?? "").padEnd(6, "0"));
  return whole + fraction;
}

/** Micros as PKR with as many decimals as needed, at least two: "Rs 12.50", "-Rs 0.000125". */
export function formatMicros(micros: number | bigint): string {
  const value = BigInt(micros);
  const sign = value < 0n ? "-" : "";
  const abs = value < 0n ? -value : value;
  const whole = abs / 1_000_000n;
  let fraction = (abs % 1_000_000n).toString().padStart(6, "0").replace(/0+$/, "");
  if (fraction.length < 2) fraction = fraction.padEnd(2, "0");
  return `${sign}Rs ${whole.toLocaleString("en-US")}.${fraction}`;
}

/** Micros as the PKR text a form field shows ("" for none). */
export function microsToPkrText(micros: number | bigint | null): string {
  if (micros === null) return "";
  return formatMicros(micros)
    .replace(/^-?Rs /, "")
    .replace(/,/g, "");
}
