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
        ? "Payments on this site are simulated: checkout and billing management are a practice run and no card is charged."
        : "Payments on this site are in Stripe's test mode: use a test card; no card is charged."}
    </div>
  );
}
