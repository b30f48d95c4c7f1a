/** Shared button looks, as class strings: plain <button>s and <Link>s both use them. */
const base =
  "inline-flex items-center justify-center gap-2 rounded-lg px-4 py-2 text-sm font-medium transition disabled:cursor-not-allowed disabled:opacity-60";

export const buttonStyles = {
  primary: `${base} bg-ink-900 text-white hover:bg-zinc-700`,
  secondary: `${base} border border-zinc-300 bg-white text-zinc-900 hover:bg-zinc-50`,
  danger: `${base} bg-red-600 text-white hover:bg-red-700`,
  ghost: `${base} text-zinc-700 hover:bg-zinc-100`,
} as const;
