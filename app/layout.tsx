import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Darwaza — the gateway to your AI models", template: "%s · Darwaza" },
  description:
    "Self-hosted API gateway and developer portal: keys, plan limits, metering and billing in PKR for your AI models.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
