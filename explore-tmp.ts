import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { setUpGatewayEnv, createAccountWithKey } from "@/lib/gateway/test-support/database";
import { testGateway } from "@/lib/gateway/test-support/gateway";
import { nodeHandler } from "@/lib/gateway/http/node";

await setUpGatewayEnv();
const gateway = testGateway();
const { key } = await createAccountWithKey("free");
const js = readFileSync("node_modules/@scalar/api-reference/dist/browser/standalone.js");
const handler = nodeHandler(() => gateway);
const html = `<!doctype html><html><body><div id="app"></div><script src="/scalar.js"></script><script>
Scalar.createApiReference(document.getElementById('app'), { url: '/api/v1/openapi.json', withDefaultFonts: false, telemetry: false, agent: { disabled: true }, mcp: { disabled: true }, showDeveloperTools: 'never', hideDarkModeToggle: true, forceDarkModeState: 'light', authentication: { preferredSecurityScheme: 'bearerAuth' } });
</script></body></html>`;
createServer((req, res) => {
  if (req.url === "/") { res.writeHead(200, { "content-type": "text/html" }); res.end(html); return; }
  if (req.url === "/scalar.js") { res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }); res.end(js); return; }
  handler(req, res);
}).listen(3202, () => console.log(`ready ${key}`));
