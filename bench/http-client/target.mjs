/**
 * The target: a plain Node HTTP server answering every request with a 12-byte text body, keeping
 * connections open for a minute. Prints its port on stdout once listening.
 */
import http from "node:http";

const body = Buffer.from("hello world\n");
const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
