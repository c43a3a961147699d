import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ControlAddress, parseControlAddress } from "./address.js";
import { ControlError, errorDocument } from "./control-error.js";
import { type ControlReply, routeControlRequest } from "./routes.js";
import type { RunControl } from "./run-control.js";

/** A running control API server. */
export interface ControlServer {
  /** The base URL clients use, with the port actually bound, e.g. `http://localhost:6565`. */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Request bodies are small JSON documents; setup data is the largest and stays well below this. */
const maxBodyBytes = 16 * 1024 * 1024;

/**
 * Serves k6's REST control API (`/v1/status`, `/v1/metrics`, `/v1/groups`, `/v1/setup`,
 * `/v1/teardown`) for one runner on `address` (a `--address` value such as `localhost:6565`).
 *
 * @example
 * const server = await startControlServer(control, "localhost:6565");
 * // ... await fetch(`${server.url}/v1/status`)
 * await server.close();
 * @throws Error when the address is malformed, its port is in use or cannot be bound
 */
export async function startControlServer(control: RunControl, address: string): Promise<ControlServer> {
  const bind = parseControlAddress(address);
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?", 1)[0] ?? "/";
    void routeControlRequest(control, {
      method: request.method ?? "GET",
      path,
      readBody: () => readBody(request),
    }).then((reply) => send(response, reply));
  });
  await listen(server, bind, address);
  return {
    url: urlOf(server, bind),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, bind: ControlAddress, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, bind, address));
    server.once("error", fail);
    server.listen(bind.port, bind.host, () => {
      server.off("error", fail);
      resolve();
    });
  });
}

function listenError(error: NodeJS.ErrnoException, bind: ControlAddress, address: string): Error {
  const where = `the control API cannot listen on --address "${address}"`;
  const problem: Record<string, string> = {
    EADDRINUSE: `port ${bind.port} is already in use; choose another port, or :0 for any free one`,
    EACCES: `binding port ${bind.port} is not permitted; use a port above 1023`,
    EADDRNOTAVAIL: `"${bind.host}" is not an address of this machine; use localhost, 0.0.0.0 or one of its IPs`,
    ENOTFOUND: `the host "${bind.host}" does not resolve; use localhost, 0.0.0.0 or an IP of this machine`,
  };
  return new Error(`${where}: ${problem[error.code ?? ""] ?? error.message}`, { cause: error });
}

function urlOf(server: Server, bind: ControlAddress): string {
  const { port } = server.address() as AddressInfo;
  // A server bound to every interface is reached through loopback.
  const host =
    bind.host === undefined || bind.host === "0.0.0.0" || bind.host === "::" ? "localhost" : bind.host;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is drained rather than the socket destroyed, so the client gets the 413.
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
      else
        reject(
          new ControlError(
            413,
            "Request body too large",
            `the body is over ${maxBodyBytes} bytes, the most accepted`,
          ),
        );
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function send(response: ServerResponse, reply: ControlReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) response.setHeader(name, value);
  if (reply.kind === "empty") {
    response.writeHead(reply.status).end();
  } else if (reply.kind === "text") {
    response.writeHead(reply.status, { "Content-Type": "text/plain; charset=utf-8" }).end(reply.body);
  } else {
    const body = encode(reply);
    response.writeHead(body.status, { "Content-Type": "application/json; charset=utf-8" }).end(body.text);
  }
}

/** Serialises a JSON reply; data the runner handed over that JSON cannot hold becomes k6's "Encoding error". */
function encode(reply: ControlReply & { kind: "json" }): { status: number; text: string } {
  try {
    return { status: reply.status, text: JSON.stringify(reply.body) };
  } catch (error) {
    const failure = new ControlError(
      500,
      "Encoding error",
      `the response cannot be encoded as JSON: ${(error as Error).message}`,
    );
    return { status: failure.status, text: JSON.stringify(errorDocument(failure)) };
  }
}
