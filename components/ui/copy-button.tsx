"use client";

import { useState } from "react";
import { buttonStyles } from "./button";

/**
 * Copies text to the clipboard. Falls back to selecting a hidden textarea where the Clipboard API
 * is unavailable (plain http on a LAN address is not a secure context).
 */
export function CopyButton({
  text,
  label = "Copy",
  className,
}: {
  text: string;
  label?: string;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 2_000);
  }
  return (
    <button
      type="button"
      onClick={() => void copy()}
      className={className ?? `${buttonStyles.secondary} px-3 py-1.5`}
    >
      <span aria-live="polite">{copied ? "Copied" : label}</span>
    </button>
  );
}
