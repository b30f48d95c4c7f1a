import { runAtomically } from "./atomic";
import type { EmulatorContext } from "./context";
import { StripeApiError } from "./errors";
import { authenticateAction, authenticatePage } from "./pages/authenticate-page";
import { checkoutPage, completeCheckout } from "./pages/checkout-page";
import { escapeHtml, notFoundPage } from "./pages/html";
import { invoicePage } from "./pages/invoice-page";
import { portalAction } from "./pages/portal-actions";
import { portalPage } from "./pages/portal-page";
import { receiptPage } from "./pages/receipt-page";
import { findCheckoutSession } from "./resources/checkout-sessions";
import type { EmulatorRequest, EmulatorResponse } from "./router";

const PORTAL_SESSION_LIFETIME_S = 60 * 60;

const HTML_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

function html(status: number, body: string): EmulatorResponse {
  return { status, headers: HTML_HEADERS, body };
}

function redirect(location: string): EmulatorResponse {
  return { status: 303, headers: { location, "cache-control": "no-store" }, body: "" };
}

function checkout(
  ctx: EmulatorContext,
  id: string,
  method: string,
  form: URLSearchParams,
  pay: boolean,
) {
  const session = ctx.state.data.checkoutSessions[id] ? findCheckoutSession(ctx, id) : undefined;
  if (!session) return html(404, notFoundPage("Checkout session"));
  if (method === "GET" && !pay) return html(200, checkoutPage(ctx, session));
  if (method !== "POST" || !pay) return html(405, notFoundPage("Page"));
  try {
    return redirect(
      runAtomically(ctx, (inner) => completeCheckout(inner, session, form.get("card") ?? "")),
    );
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    // The session object was restored by the rollback; render the current one with the error.
    const current = ctx.state.data.checkoutSessions[id] ?? session;
    return html(error.status, checkoutPage(ctx, current, error.message));
  }
}

function portal(
  ctx: EmulatorContext,
  id: string,
  method: string,
  form: URLSearchParams,
  name: string | undefined,
  notice: string | null,
) {
  const session = ctx.state.data.portalSessions[id];
  if (!session) return html(404, notFoundPage("Billing portal session"));
  // A portal link is a bearer capability: like Stripe's, it stops working after a while.
  if (session.created + PORTAL_SESSION_LIFETIME_S < ctx.state.now()) {
    return html(410, notFoundPage("Billing portal session"));
  }
  if (method === "GET" && !name) return html(200, portalPage(ctx, session, notice ?? undefined));
  if (method !== "POST" || !name) return html(405, notFoundPage("Page"));
  try {
    const done = runAtomically(ctx, (inner) => portalAction(inner, session, name, form));
    return redirect(`${ctx.baseUrl}/portal/${session.id}?done=${done}`);
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    return html(
      error.status,
      portalPage(ctx, ctx.state.data.portalSessions[id] ?? session, undefined, error.message),
    );
  }
}

/**
 * The pages a customer's browser sees instead of checkout.stripe.com and billing.stripe.com:
 * `/_emulator/stripe/checkout/:session`, `/_emulator/stripe/portal/:session`,
 * `/_emulator/stripe/invoices/:invoice`, `/_emulator/stripe/authenticate/:payment_intent` (3D Secure). A session id in the URL is the capability, as at Stripe.
 */
export function handleHostedRequest(
  ctx: EmulatorContext,
  request: EmulatorRequest,
  prefix: string,
): EmulatorResponse {
  const url = new URL(request.url, "http://emulator.invalid");
  const [kind, id = "", action] = url.pathname.slice(prefix.length).split("/").filter(Boolean);
  const method = request.method.toUpperCase();
  const form = new URLSearchParams(method === "POST" ? request.body : "");
  switch (kind) {
    case "checkout":
      return checkout(ctx, id, method, form, action === "pay");
    case "portal":
      return portal(ctx, id, method, form, action, url.searchParams.get("done"));
    case "authenticate": {
      const intent = ctx.state.data.paymentIntents[id];
      if (!intent) return html(404, notFoundPage("Payment"));
      if (method === "GET" && !action) return html(200, authenticatePage(ctx, intent));
      if (method !== "POST" || (action !== "complete" && action !== "fail"))
        return html(405, notFoundPage("Page"));
      try {
        return redirect(runAtomically(ctx, (inner) => authenticateAction(inner, intent, action)));
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
        const current = ctx.state.data.paymentIntents[id] ?? intent;
        return html(
          error.status,
          authenticatePage(ctx, current).replace(
            "</main>",
            `<div class="error" role="alert">${escapeHtml(error.message)}</div></main>`,
          ),
        );
      }
    }
    case "receipts": {
      const charge = ctx.state.data.charges[id];
      return charge && method === "GET"
        ? html(200, receiptPage(ctx, charge))
        : html(404, notFoundPage("Receipt"));
    }
    case "invoices": {
      const invoice = ctx.state.data.invoices[id];
      return invoice && method === "GET"
        ? html(200, invoicePage(ctx, invoice))
        : html(404, notFoundPage("Invoice"));
    }
    default:
      return html(404, notFoundPage("Page"));
  }
}
