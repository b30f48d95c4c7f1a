/** Shared bits of the emulator's hosted pages: escaping, money, dates, and the page frame. */

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

// Stripe amounts are in the currency's smallest unit; these currencies have none below the unit.
const ZERO_DECIMAL = new Set([
  "bif",
  "clp",
  "djf",
  "gnf",
  "jpy",
  "kmf",
  "krw",
  "mga",
  "pyg",
  "rwf",
  "ugx",
  "vnd",
  "vuv",
  "xaf",
  "xof",
  "xpf",
]);

export function formatAmount(amount: number, currency: string): string {
  const decimals = ZERO_DECIMAL.has(currency) ? 0 : 2;
  // Explicit digits: ICU's own minor units differ from Stripe's for some currencies (PKR among them).
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    currencyDisplay: "code",
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })
    .format(amount / 10 ** decimals)
    .replace(/\u00a0/g, " ");
}

export function formatDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f6f8fa;color:#1a1f36}
.ribbon{background:#ffb020;color:#3d2800;text-align:center;padding:6px;font-weight:600;font-size:13px;letter-spacing:.02em}
main{max-width:560px;margin:32px auto;padding:0 16px}
.card{background:#fff;border:1px solid #e3e8ee;border-radius:10px;padding:24px;margin-bottom:16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:0 0 12px}
.muted{color:#697386}.amount{font-size:28px;font-weight:700;margin:8px 0}
label{display:block;font-size:13px;color:#3c4257;margin:12px 0 4px}
input{width:100%;padding:10px;border:1px solid #cfd7df;border-radius:6px;font:inherit}
button{font:inherit;cursor:pointer;border:0;border-radius:6px;padding:10px 14px;background:#635bff;color:#fff;font-weight:600}
button.secondary{background:#fff;color:#1a1f36;border:1px solid #cfd7df}button.danger{background:#df1b41}
button.wide{width:100%;margin-top:16px}form.inline{display:inline}
.row{display:flex;justify-content:space-between;align-items:center;gap:12px;padding:8px 0;border-top:1px solid #eef1f4}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.error{background:#fde8ec;color:#a41c33;padding:10px;border-radius:6px;margin-top:12px}
.notice{background:#e6f4ea;color:#1e6b34;padding:10px;border-radius:6px;margin-bottom:16px}
a{color:#635bff}
.clock{margin-top:16px;padding:12px;border:1px dashed #ffb020;border-radius:8px;background:#fffaf0;font-size:13px;color:#5c4400}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${escapeHtml(title)} · Stripe emulator (test mode)</title><style>${STYLE}</style></head>
<body><div class="ribbon" data-testid="emulator-test-mode">TEST MODE · Darwaza's local Stripe emulator · no real payment is made</div>
<main>${body}</main></body></html>`;
}

export function notFoundPage(what: string): string {
  return page(
    "Not found",
    `<div class="card"><h1>${escapeHtml(what)} not found</h1><p class="muted">The link may have expired.</p></div>`,
  );
}
