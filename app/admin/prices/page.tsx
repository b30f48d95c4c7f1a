import Link from "next/link";
import { type PriceDefaults, PriceForm } from "@/components/admin/price-form";
import { Cell, EmptyRow, Head, Table } from "@/components/admin/table";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listPricedModels, priceHistory } from "@/lib/admin/price-book";
import { requireAdmin } from "@/lib/admin/require-admin";
import { param, type SearchParams } from "@/lib/admin/search-params";
import { env } from "@/lib/config/env";
import { formatDateTime } from "@/lib/portal/format";
import { pkrText } from "@/lib/pricing/cost";
import type { PriceRates, PriceVersion } from "@/lib/pricing/rates";

export const metadata = { title: "Price book" };
export const dynamic = "force-dynamic";

const pkr = (micros: number) => `PKR ${pkrText(micros)}`;

function images(prices: Readonly<Record<string, number>>): string {
  return Object.entries(prices)
    .map(([size, micros]) => (size === "default" ? pkrText(micros) : `${size}: ${pkrText(micros)}`))
    .join(", ");
}

/** The form's starting amounts: the version in force, as PKR text. */
function defaultsOf(sell: PriceRates, upstream: PriceRates | null): PriceDefaults {
  const of = (rates: PriceRates, prefix: string) => {
    const name = (field: string) =>
      prefix ? `${prefix}${field[0].toUpperCase()}${field.slice(1)}` : field;
    return {
      [name("inputPer1M")]: pkrText(rates.inputPer1M),
      [name("cachedInputPer1M")]: pkrText(rates.cachedInputPer1M),
      [name("outputPer1M")]: pkrText(rates.outputPer1M),
      [name("perImage")]: images(rates.perImage),
      [name("perAudioSecond")]: pkrText(rates.perAudioSecond),
      [name("per1kChars")]: pkrText(rates.per1kChars),
      [name("perRequest")]: pkrText(rates.perRequest),
      ...(prefix ? {} : { perCacheHit: pkrText(rates.perCacheHit) }),
    };
  };
  return { ...of(sell, ""), ...(upstream ? of(upstream, "upstream") : {}) };
}

function RatesCells({ rates }: { rates: PriceRates }) {
  return (
    <>
      <Cell>
        {pkrText(rates.inputPer1M)} / {pkrText(rates.cachedInputPer1M)} /{" "}
        {pkrText(rates.outputPer1M)}
      </Cell>
      <Cell>{images(rates.perImage)}</Cell>
      <Cell>
        {pkrText(rates.perAudioSecond)} / {pkrText(rates.per1kChars)} / {pkrText(rates.perRequest)}
      </Cell>
    </>
  );
}

const RATE_COLUMNS = ["In / cached / out per 1M", "Per image", "Audio s / 1K chars / request"];

function History({ model, versions }: { model: string; versions: PriceVersion[] }) {
  return (
    <Card title={`History of ${model}`}>
      <Table testId="price-history">
        <Head columns={["In force from", ...RATE_COLUMNS, "Upstream in / out per 1M", "By"]} />
        <tbody className="divide-y divide-zinc-100">
          {versions.length === 0 && (
            <EmptyRow columns={6}>No version yet: the configured price applies.</EmptyRow>
          )}
          {versions.map((v) => (
            <tr key={v.id} data-testid="price-history-row">
              <Cell mono>
                {v.effectiveFrom === 0 ? "always" : formatDateTime(new Date(v.effectiveFrom), true)}
              </Cell>
              <RatesCells rates={v.sell} />
              <Cell>
                {pkrText(v.upstream.inputPer1M)} / {pkrText(v.upstream.outputPer1M)}
              </Cell>
              <Cell>{v.source === "seed" ? "configuration" : (v.createdByEmail ?? "admin")}</Cell>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export default async function PricesPage({ searchParams }: { searchParams: SearchParams }) {
  await requireAdmin("/admin/prices");
  const params = await searchParams;
  const selected = param(params, "model") ?? null;
  const [models, history] = await Promise.all([
    listPricedModels(),
    selected ? priceHistory(selected) : Promise.resolve([]),
  ]);
  const chosen = models.find((m) => m.model === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Price book"
        description="What each model costs per call, in PKR. A change is a new version: calls are charged at the version in force when they started."
      />
      <div className="space-y-6">
        <Card title="Prices in force">
          <Table testId="price-book">
            <Head columns={["Model", ...RATE_COLUMNS, "Since", ""]} />
            <tbody className="divide-y divide-zinc-100">
              {models.length === 0 && <EmptyRow columns={6}>No models configured.</EmptyRow>}
              {models.map((m) => (
                <tr key={m.model} data-testid="price-row">
                  <Cell mono>{m.model}</Cell>
                  <RatesCells rates={m.rates} />
                  <Cell>
                    {m.current
                      ? m.current.effectiveFrom === 0
                        ? "configuration"
                        : formatDateTime(new Date(m.current.effectiveFrom), true)
                      : "configuration"}
                    {m.upcoming.length > 0 &&
                      ` (next: ${formatDateTime(new Date(m.upcoming[0].effectiveFrom), true)})`}
                  </Cell>
                  <Cell>
                    <Link
                      href={`/admin/prices?model=${encodeURIComponent(m.model)}`}
                      className="text-brand-700 underline"
                    >
                      Edit · history ({m.versions})
                    </Link>
                  </Cell>
                </tr>
              ))}
            </tbody>
          </Table>
          <p className="mt-2 text-xs text-zinc-500">
            Amounts in PKR. {pkr(1)} is one micro-rupee, the unit costs are kept in.
          </p>
        </Card>
        {selected && <History model={selected} versions={history} />}
        <Card title={selected ? `New version of ${selected}` : "New version"}>
          <PriceForm
            model={selected ?? ""}
            defaults={chosen ? defaultsOf(chosen.rates, chosen.current?.upstream ?? null) : {}}
            timeZone={env().DARWAZA_TIMEZONE}
          />
        </Card>
      </div>
    </>
  );
}
