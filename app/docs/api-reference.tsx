"use client";

import { useEffect, useRef, useState } from "react";

interface ScalarApi {
  createApiReference(element: HTMLElement, config: Record<string, unknown>): { destroy?(): void };
}

declare global {
  interface Window {
    Scalar?: ScalarApi;
  }
}

const SCRIPT_ID = "scalar-api-reference";

// Scalar's light theme misses WCAG AA contrast in places (axe: color-contrast).
const ACCESSIBLE_CSS = `
:root, .light-mode {
  --scalar-color-3: #6b6b6b;
  --scalar-color-green: #007a4d;
  --scalar-color-orange: #b33d00;
}
.sidebar-search-placeholder { color: #6b6b6b !important; }
.sidebar-heading-type--post { color: #007a4d !important; }
.hljs-title.function_ { color: #b33d00 !important; }
`;

/** Loads the renderer once (it registers window.Scalar). */
function loadScalar(src: string): Promise<ScalarApi> {
  if (window.Scalar) return Promise.resolve(window.Scalar);
  return new Promise((resolve, reject) => {
    let script = document.getElementById(SCRIPT_ID) as HTMLScriptElement | null;
    if (!script) {
      script = document.createElement("script");
      script.id = SCRIPT_ID;
      script.src = src;
      script.async = true;
      document.head.appendChild(script);
    }
    script.addEventListener("load", () =>
      window.Scalar ? resolve(window.Scalar) : reject(new Error("no renderer")),
    );
    script.addEventListener("error", () => reject(new Error("renderer failed to load")));
  });
}

/** Code samples scroll inside their box: keyboard users must reach them (axe: scrollable-region-focusable). */
function focusableCode(root: HTMLElement): MutationObserver {
  const mark = () => {
    for (const code of root.querySelectorAll<HTMLElement>("pre, pre > code")) {
      if (!code.hasAttribute("tabindex")) code.setAttribute("tabindex", "0");
    }
  };
  mark();
  const observer = new MutationObserver(mark);
  observer.observe(root, { childList: true, subtree: true });
  return observer;
}

/** The interactive reference of /api/v1: its try-it console sends requests to this server. */
export function ApiReference({ specUrl, scriptUrl }: { specUrl: string; scriptUrl: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let app: { destroy?(): void } | null = null;
    let gone = false;
    const observer = mount.current ? focusableCode(mount.current) : null;
    loadScalar(scriptUrl)
      .then((scalar) => {
        if (gone || !mount.current) return;
        app = scalar.createApiReference(mount.current, {
          url: specUrl,
          // Everything from this origin: no web fonts, no telemetry, no hosted agent or proxy.
          withDefaultFonts: false,
          telemetry: false,
          agent: { disabled: true },
          mcp: { disabled: true },
          showDeveloperTools: "never",
          hideDarkModeToggle: true,
          // Schemas show inside each operation; a second "Models" list beside the models API confuses.
          hideModels: true,
          forceDarkModeState: "light",
          documentDownloadType: "json",
          customCss: ACCESSIBLE_CSS,
          defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
          authentication: { preferredSecurityScheme: "bearerAuth" },
        });
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
      observer?.disconnect();
      app?.destroy?.();
    };
  }, [specUrl, scriptUrl]);

  return (
    <>
      {failed && (
        <p role="alert" className="mx-auto max-w-3xl px-6 py-4 text-sm text-red-700">
          The interactive reference could not load. The document is at{" "}
          <a href={specUrl} className="underline">
            {specUrl}
          </a>
          .
        </p>
      )}
      <div ref={mount} data-testid="api-reference" />
    </>
  );
}
