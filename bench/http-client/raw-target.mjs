/**
 * A target cheaper than Node's http server, so that the load generator, not the target, is what
 * limits throughput: a TCP server that answers every request head it reads with a fixed response.
 * It understands nothing but keep-alive GETs without a body, which is all the benchmark sends.
 * Prints its port on stdout once listening.
 */
import net from "node:net";

const response = Buffer.from(
  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 12\r\nKeep-Alive: timeout=60\r\n\r\nhello world\n",
);
const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // Clients close their connections at the end of a run, sometimes with a reset.
  socket.on("error", () => {});
  let pending = "";
  socket.on("data", (chunk) => {
    pending += chunk.toString("latin1");
    let heads = 0;
    for (let end = pending.indexOf("\r\n\r\n"); end >= 0; end = pending.indexOf("\r\n\r\n")) {
      pending = pending.slice(end + 4);
      heads++;
    }
    if (heads > 0) socket.write(heads === 1 ? response : Buffer.concat(Array(heads).fill(response)));
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
