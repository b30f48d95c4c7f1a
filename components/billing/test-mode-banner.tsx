/** Says plainly that no real money moves: the local emulator, or a Stripe test-mode key. */
export function TestModeBanner({ mode }: { mode: "stripe" | "emulator" }) {
  return (
    <div
      role="status"
      data-testid="billing-test-mode"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <strong className="font-semibold">Test mode.</strong>{" "}
      {mode === "emulator"
        ? "Billing runs against Darwaza's built-in Stripe emulator: checkout and the customer portal are simulated and no card is charged. Set STRIPE_SECRET_KEY to take real payments."
        : "This deployment uses a Stripe test-mode key: use Stripe's test cards; no card is charged."}
    </div>
  );
}
