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

/** The interactive reference of /api/v1: its try-it console sends requests to this server. */
export function ApiReference({ specUrl, scriptUrl }: { specUrl: string; scriptUrl: string }) {
  const mount = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let app: { destroy?(): void } | null = null;
    let gone = false;
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
          defaultHttpClient: { targetKey: "shell", clientKey: "curl" },
          authentication: { preferredSecurityScheme: "bearerAuth" },
        });
      })
      .catch(() => setFailed(true));
    return () => {
      gone = true;
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
