import { formatMicrosPkr } from "@/lib/admin/money/format";
import { formatCount, formatCountOf } from "@/lib/plans/money";
import type { ModelUpstreamCost } from "@/lib/usage/upstream-cost";
import { Cell, EmptyRow, Head, Table } from "./table";

/** What each model's upstream cost the seller in the range, at the price book's upstream rates. */
export function UpstreamCostTable({ models }: { models: readonly ModelUpstreamCost[] }) {
  return (
    <Table testId="upstream-cost-table">
      <Head
        columns={[
          "Model",
          { label: "Calls", right: true },
          { label: "Input tokens", right: true },
          { label: "of them cached", right: true },
          { label: "Output tokens", right: true },
          { label: "Upstream cost", right: true },
        ]}
      />
      <tbody className="divide-y divide-zinc-100">
        {models.length === 0 && <EmptyRow columns={6}>No upstream calls in this period.</EmptyRow>}
        {models.map((model) => (
          <tr key={model.model}>
            <Cell>
              {model.model}
              {model.unpricedCalls > 0 && (
                <span className="ml-2 text-xs text-amber-700">
                  {formatCountOf(model.unpricedCalls, "call")} before any price version
                </span>
              )}
            </Cell>
            <Cell right>{formatCount(model.calls)}</Cell>
            <Cell right>{formatCount(model.tokensIn)}</Cell>
            <Cell right>{formatCount(model.tokensCached)}</Cell>
            <Cell right>{formatCount(model.tokensOut)}</Cell>
            <Cell right>{formatMicrosPkr(model.costMicros)}</Cell>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
