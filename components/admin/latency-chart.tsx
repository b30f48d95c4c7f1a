"use client";

import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";

export interface LatencyPoint {
  label: string;
  p50: number;
  p99: number;
}

/** p50 and p99 latency per minute, in milliseconds. */
export function LatencyChart({ data }: { data: LatencyPoint[] }) {
  return (
    <div className="h-64 w-full min-w-0">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} tickLine={false} minTickGap={24} />
          <YAxis tick={{ fontSize: 11 }} width={60} tickFormatter={(ms: number) => `${ms} ms`} />
          <Tooltip />
          <Legend
            wrapperStyle={{ fontSize: 12 }}
            // The swatch carries the colour; the name stays dark enough to read (WCAG contrast).
            formatter={(name: string) => <span className="text-zinc-700">{name}</span>}
          />
          <Line
            type="monotone"
            dataKey="p50"
            name="p50"
            stroke="#2563eb"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="p99"
            name="p99"
            stroke="#c4862b"
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
