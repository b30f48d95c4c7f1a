"use client";

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface ChartSeries {
  id: string;
  name: string;
}

export type ChartPoint = { day: string; label: string } & Record<string, number | string>;

const COLORS = ["#c4862b", "#2563eb", "#059669", "#db2777", "#7c3aed", "#0891b2", "#71717a"];
const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/** Stacked bars per day, one colour per key or endpoint. */
export function UsageChart({
  data,
  series,
  allowDecimals = false,
  everyLabel = false,
}: {
  data: ChartPoint[];
  series: ChartSeries[];
  /** Amounts (PKR) rather than counts. */
  allowDecimals?: boolean;
  /** Label every bar (a year of months), slanted to fit a phone, instead of skipping some. */
  everyLabel?: boolean;
}) {
  return (
    <div className="h-64 w-full min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 11 }}
            tickLine={false}
            interval={everyLabel ? 0 : "preserveStartEnd"}
            minTickGap={everyLabel ? 0 : 16}
            angle={everyLabel ? -45 : 0}
            textAnchor={everyLabel ? "end" : "middle"}
            height={everyLabel ? 44 : 30}
          />
          <YAxis
            allowDecimals={allowDecimals}
            tick={{ fontSize: 11 }}
            tickFormatter={(v: number) => compact.format(v)}
            width={44}
          />
          <Tooltip cursor={{ fill: "#f4f4f5" }} />
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            // The swatch carries the colour; the name stays dark enough to read (WCAG contrast).
            formatter={(name: string) => <span className="text-zinc-700">{name}</span>}
          />
          {series.map((s, i) => (
            <Bar
              key={s.id}
              dataKey={s.id}
              name={s.name}
              stackId="usage"
              fill={COLORS[i % COLORS.length]}
              isAnimationActive={false}
              maxBarSize={28}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
