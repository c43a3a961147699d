import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A PEM key and self-signed certificate valid for localhost and 127.0.0.1. */
export interface TestCertificate {
  key: string;
  cert: string;
}

let certificate: TestCertificate | undefined;

/** Makes (once per test file) a P-256 self-signed certificate with the openssl CLI. */
export function selfSignedCertificate(): TestCertificate {
  if (certificate !== undefined) return certificate;
  const dir = mkdtempSync(join(tmpdir(), "barrage-http-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-days",
        "2",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    certificate = {
      key: readFileSync(join(dir, "key.pem"), "utf8"),
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
    };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A server on 127.0.0.1 that records the sockets it accepted. */
export interface LoopbackServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  port: number;
  /** Every socket accepted so far, in order. */
  sockets: Socket[];
  close(): Promise<void>;
}

/** Starts an HTTP server, or HTTPS with `tls`, on an ephemeral loopback port. */
export async function startLoopbackServer(
  handler: http.RequestListener,
  tls?: TestCertificate,
): Promise<LoopbackServer> {
  const server = tls === undefined ? http.createServer(handler) : https.createServer(tls, handler);
  // Long enough that no test sees the server close an idle connection on its own.
  server.keepAliveTimeout = 60_000;
  const sockets: Socket[] = [];
  server.on(tls === undefined ? "connection" : "secureConnection", (socket: Socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls === undefined ? "http" : "https"}://127.0.0.1:${port}`,
    port,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads a request body to a string. */
export async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
