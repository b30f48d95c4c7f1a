/**
 * `npm run billing:reconcile`: per account, ledger balance = its entries, usage debits = the usage
 * events' costs, top-ups = Stripe's succeeded credit payments minus refunds (STRIPE_SECRET_KEY's
 * account, else the emulator of a running `npm start`). Prints the mismatches; exits 1 when there
 * is any (2 when the check itself could not run), 0 when everything agrees. `--json` prints all.
 */
import { reconciliationJson } from "@/lib/admin/reconcile/json";
import { reconcile } from "@/lib/admin/reconcile/reconcile";
import { stripe } from "@/lib/billing/stripe-client";
import { formatMicros } from "@/lib/credit/money";
import { releaseEmbeddedDatabase, resolveDatabaseUrl } from "@/lib/db/resolve-url";
import { buildServices, closeServices, provideServices } from "@/lib/services";

async function main(): Promise<number> {
  const databaseUrl = await resolveDatabaseUrl();
  provideServices(buildServices({ databaseUrl }));
  try {
    const result = await reconcile(stripe());
    if (process.argv.includes("--json")) {
      console.log(JSON.stringify(reconciliationJson(result), null, 2));
    } else {
      for (const account of result.accounts) {
        if (account.mismatches.length === 0) continue;
        console.log(`${account.name || account.accountId} (${account.accountId}):`);
        for (const mismatch of account.mismatches) {
          const amounts =
            mismatch.ledgerMicros !== null && mismatch.expectedMicros !== null
              ? ` — ours ${formatMicros(mismatch.ledgerMicros)}, expected ${formatMicros(mismatch.expectedMicros)}`
              : "";
          console.log(
            `  ${mismatch.kind} ${mismatch.reference ?? ""}: ${mismatch.detail}${amounts}`,
          );
        }
      }
      console.log(
        `${result.accounts.length} accounts checked, ${result.mismatched} with mismatches.`,
      );
    }
    return result.mismatched > 0 ? 1 : 0;
  } finally {
    await closeServices();
  }
}

main()
  .finally(releaseEmbeddedDatabase)
  .then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(2);
    },
  );
