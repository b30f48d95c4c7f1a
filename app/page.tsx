import Link from "next/link";
import { PricingTable } from "@/components/pricing-table";
import { billingConfig } from "@/lib/billing/config";
import { plansOnSale } from "@/lib/plans/store";
import { db } from "@/lib/services";

// The plans are the seller's data: an admin's edit shows on the next visit.
export const dynamic = "force-dynamic";

const pillars = [
  ["Who are you?", "API keys your customers create and revoke themselves. Only hashes are stored."],
  ["Slow down!", "Per-plan limits on requests and tokens, exact across every instance."],
  ["What did you use?", "Every call metered: tokens in and out, latency, status and cost in PKR."],
  ["Which API?", "OpenAI-compatible routing to chat, image and voice models, streaming included."],
] as const;

export default async function LandingPage() {
  const plans = await plansOnSale(db());
  return (
    <main>
      <header className="mx-auto flex max-w-6xl items-center justify-between px-6 py-5">
        <span className="text-xl font-bold tracking-tight">Darwaza</span>
        <nav className="flex gap-4 text-sm">
          <Link href="/docs" className="hover:underline">
            Docs
          </Link>
          <a href="#pricing" className="hover:underline">
            Pricing
          </a>
          <Link href="/signin" className="hover:underline">
            Sign in
          </Link>
          <Link href="/signup" className="rounded-lg bg-ink-900 px-3 py-1.5 text-white">
            Get started
          </Link>
        </nav>
      </header>
      <section className="mx-auto max-w-6xl px-6 py-16 sm:py-24">
        <p className="text-sm font-semibold uppercase tracking-widest text-brand-700">
          Darwaza · the gateway
        </p>
        <h1 className="mt-3 max-w-3xl text-4xl font-bold tracking-tight sm:text-5xl">
          Turn the AI model behind your load balancer into a business.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-zinc-600">
          One self-hosted gateway in front of your LLM, image and voice APIs: keys, plan limits,
          usage metering and Stripe billing in PKR. Point the official OpenAI SDKs at it and go.
        </p>
        <div className="mt-10 grid gap-6 sm:grid-cols-2 lg:grid-cols-4">
          {pillars.map(([title, text]) => (
            <div key={title} className="rounded-xl bg-brand-50 p-5">
              <h2 className="font-semibold">{title}</h2>
              <p className="mt-2 text-sm text-zinc-700">{text}</p>
            </div>
          ))}
        </div>
      </section>
      <section id="pricing" className="mx-auto max-w-6xl px-6 pb-24">
        <h2 className="text-3xl font-bold tracking-tight">Pricing</h2>
        <p className="mt-2 text-zinc-600">
          Monthly plans in Pakistani rupees. Upgrade or cancel any time.
        </p>
        <div className="mt-8">
          <PricingTable plans={plans} salesEmail={billingConfig().salesEmail} />
        </div>
      </section>
    </main>
  );
}
