import http from "node:http";

/**
 * The baseline: a bare node:http server answering the same JSON as the gateway's chat
 * completion (read from BARE_BODY), after reading the request body as any handler must.
 */
const body = Buffer.from(process.env.BARE_BODY ?? "{}");
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
process.on("SIGTERM", () => process.exit(0));
