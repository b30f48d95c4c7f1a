/** Says plainly when mail is not really sent (no SMTP_URL): like billing's test-mode banner. */
export function MailModeBanner({
  mode,
  audience,
}: {
  mode: "smtp" | "outbox";
  audience: "admin" | "customer";
}) {
  if (mode === "smtp") {
    if (audience === "customer") return null;
    return (
      <p className="mb-6 text-sm text-zinc-600" data-testid="mail-mode">
        SMTP is configured: mail is sent for real, and nothing new arrives here.
      </p>
    );
  }
  return (
    <div
      role="status"
      data-testid="mail-test-mode"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <strong className="font-semibold">Test mode.</strong>{" "}
      {audience === "admin"
        ? "No SMTP server is configured, so no email leaves this server: messages are kept here and their links printed to the server log. Set SMTP_URL to send real mail."
        : "This server sends no real email: messages go to the admin's outbox. Your keys work without confirming your address."}
    </div>
  );
}
