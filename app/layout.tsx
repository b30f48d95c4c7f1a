import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { env } from "@/lib/config/env";
import "./globals.css";

const title = "Darwaza — the gateway to your AI models";
const description =
  "Self-hosted API gateway and developer portal: keys, plan limits, metering and billing in PKR for your AI models.";

/** Social cards (og:image is app/opengraph-image.png) point at DARWAZA_PUBLIC_URL when it is set. */
export function generateMetadata(): Metadata {
  const publicUrl = env().DARWAZA_PUBLIC_URL;
  return {
    metadataBase: publicUrl ? new URL(publicUrl) : undefined,
    title: { default: title, template: "%s · Darwaza" },
    description,
    openGraph: { title, description, siteName: "Darwaza", type: "website" },
    twitter: { card: "summary_large_image", title, description },
  };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
