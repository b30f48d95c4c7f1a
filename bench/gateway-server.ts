import http from "node:http";
import { handleNodeRequest, startGateway, stopGateway } from "@/lib/services/gateway";

/**
 * The gateway alone on node:http (no Next), for profiling the hot path:
 *   DATABASE_URL=… DARWAZA_SECRET=… PORT=4100 node --cpu-prof --import tsx bench/gateway-server.ts
 */
await startGateway();
const server = http.createServer((req, res) => void handleNodeRequest(req, res));
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 4100), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void stopGateway().then(() => process.exit(0));
});
