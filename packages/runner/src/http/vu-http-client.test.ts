import type http from "node:http";
import type { LookupFunction } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { VuCookieJar } from "./cookie-jar.js";
import { parseHosts } from "./hosts.js";
import {
  type LoopbackServer,
  readBody,
  selfSignedCertificate,
  startLoopbackServer,
} from "./loopback-servers.test-helpers.js";
import type { HttpRequest } from "./types.js";
import { VuHttpClient } from "./vu-http-client.js";

function request(url: string, overrides: Partial<HttpRequest> = {}): HttpRequest {
  return {
    method: "GET",
    url,
    timeoutMs: 5000,
    maxRedirects: 10,
    responseType: "text",
    insecureSkipTLSVerify: false,
    ...overrides,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const servedBySocket = new WeakMap<object, number>();

// One handler serves every behaviour the tests need, chosen by path.
async function routes(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://x");
  const query = url.searchParams;
  switch (url.pathname) {
    case "/echo": {
      const body = await readBody(req);
      res.setHeader("content-type", "application/json");
      res.setHeader("x-multi", ["a", "b"]);
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
      return;
    }
    case "/delay":
      await sleep(Number(query.get("ms")));
      res.end("late");
      return;
    case "/slow-body":
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("first ");
      await sleep(30);
      res.end("last");
      return;
    case "/hang":
      return;
    case "/close-on-reuse": {
      // Answers the first request of a connection; closes the connection on the next one.
      const served = (servedBySocket.get(req.socket) ?? 0) + 1;
      servedBySocket.set(req.socket, served);
      if (served > 1) req.socket.destroy();
      else res.end("fresh");
      return;
    }
    case "/redirect":
      if (query.has("cookie")) res.setHeader("set-cookie", query.get("cookie") as string);
      res.writeHead(Number(query.get("status") ?? 302), { location: query.get("to") as string });
      res.end();
      return;
    case "/chain": {
      const left = Number(query.get("n"));
      if (left === 0) res.end("done");
      else res.writeHead(302, { location: `/chain?n=${left - 1}` }).end();
      return;
    }
    case "/set-cookie":
      res.setHeader("set-cookie", [
        "sid=abc123; Path=/; HttpOnly",
        "theme=dark; Max-Age=3600; Secure",
        "lang=en; Expires=Wed, 21 Oct 2037 07:28:00 GMT",
      ]);
      res.end("cookies set");
      return;
    case "/bytes": {
      const data = Buffer.alloc(Number(query.get("n")));
      for (let i = 0; i < data.length; i++) data[i] = i % 256;
      res.setHeader("content-type", "application/octet-stream");
      res.end(data);
      return;
    }
    case "/gzip":
      res.setHeader("content-encoding", "gzip");
      res.end(gzipSync("compressed hello"));
      return;
    case "/bad-gzip":
      res.setHeader("content-encoding", "gzip");
      res.end("this is not gzip");
      return;
    default:
      res.statusCode = 404;
      res.end("not found");
  }
}

let server: LoopbackServer;
let clients: VuHttpClient[] = [];

function vu(options: ConstructorParameters<typeof VuHttpClient>[0] = {}): VuHttpClient {
  const client = new VuHttpClient(options);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => void routes(req, res));
});

afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  clients = [];
});

afterAll(async () => {
  await server.close();
});

describe("VuHttpClient methods and responses", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])(
    "sends %s with its body and reads the response",
    async (method) => {
      const body = method === "GET" ? null : `payload of ${method}`;
      const res = await vu().request(
        request(`${server.url}/echo?x=1`, { method, body, headers: { "X-Test": "yes" } }),
      );
      expect(res.error).toBe("");
      expect(res.status).toBe(200);
      expect(res.statusText).toBe("200 OK");
      expect(res.proto).toBe("HTTP/1.1");
      expect(res.headers["Content-Type"]).toBe("application/json");
      expect(res.headers["X-Multi"]).toBe("a, b");
      const echoed = JSON.parse(res.body as string);
      expect(echoed).toMatchObject({ method, url: "/echo?x=1", body: body ?? "" });
      expect(echoed.headers["x-test"]).toBe("yes");
      expect(res.remoteIp).toBe("127.0.0.1");
      expect(res.remotePort).toBe(server.port);
      expect(res.url).toBe(`${server.url}/echo?x=1`);
    },
  );

  it("sends HEAD, gets no body, and keeps the connection", async () => {
    const client = vu();
    const before = server.sockets.length;
    const head = await client.request(request(`${server.url}/echo`, { method: "HEAD" }));
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    const next = await client.request(request(`${server.url}/echo`));
    expect(next.status).toBe(200);
    expect(server.sockets.length - before).toBe(1);
  });

  it("adds the User-Agent unless the request has one", async () => {
    const client = vu({ userAgent: "barrage-test/1" });
    const plain = JSON.parse((await client.request(request(`${server.url}/echo`))).body as string);
    expect(plain.headers["user-agent"]).toBe("barrage-test/1");
    const own = await client.request(request(`${server.url}/echo`, { headers: { "user-agent": "mine" } }));
    expect(JSON.parse(own.body as string).headers["user-agent"]).toBe("mine");
  });

  it("returns a 404 as a response, not an error", async () => {
    const res = await vu().request(request(`${server.url}/nowhere`));
    expect(res).toMatchObject({
      status: 404,
      statusText: "404 Not Found",
      error: "",
      errorCode: 0,
      body: "not found",
    });
  });

  it("keeps binary bodies byte for byte and discards bodies for responseType none", async () => {
    const client = vu();
    const binary = await client.request(request(`${server.url}/bytes?n=70000`, { responseType: "binary" }));
    expect(binary.body).toBeInstanceOf(ArrayBuffer);
    const bytes = new Uint8Array(binary.body as ArrayBuffer);
    expect(bytes.length).toBe(70000);
    expect(bytes[0]).toBe(0);
    expect(bytes[255]).toBe(255);
    expect(bytes[69999]).toBe(69999 % 256);
    const none = await client.request(request(`${server.url}/bytes?n=70000`, { responseType: "none" }));
    expect(none.body).toBeNull();
    expect(none.status).toBe(200);
    expect(none.bytesReceived).toBeGreaterThan(70000);
  });

  it("decodes gzip bodies and reports a corrupt one with code 1701", async () => {
    const client = vu();
    expect((await client.request(request(`${server.url}/gzip`))).body).toBe("compressed hello");
    const bad = await client.request(request(`${server.url}/bad-gzip`));
    expect(bad.errorCode).toBe(1701);
    expect(bad.error).toMatch(/^error decompressing response body \(/);
    expect(bad.status).toBe(0);
  });
});

describe("VuHttpClient connections", () => {
  it("reuses one keep-alive connection per VU and opens one per VU", async () => {
    const before = server.sockets.length;
    const first = vu();
    const a = await first.request(request(`${server.url}/echo`));
    const b = await first.request(request(`${server.url}/echo`));
    expect(server.sockets.length - before).toBe(1);
    expect(a.timings.connecting).toBeGreaterThan(0);
    expect(b.timings.connecting).toBe(0);
    expect(b.timings.tls_handshaking).toBe(0);
    expect(a.timings.blocked).toBeGreaterThanOrEqual(a.timings.connecting);
    await vu().request(request(`${server.url}/echo`));
    expect(server.sockets.length - before).toBe(2);
  });

  it("opens a connection per concurrent request of one VU", async () => {
    const client = vu();
    const before = server.sockets.length;
    const results = await Promise.all([
      client.request(request(`${server.url}/delay?ms=20`)),
      client.request(request(`${server.url}/delay?ms=20`)),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(server.sockets.length - before).toBe(2);
  });

  it("keeps at most maxIdleConnectionsPerHost connections once concurrent requests end", async () => {
    const client = vu({ maxIdleConnectionsPerHost: 1 });
    const before = server.sockets.length;
    await Promise.all([1, 2, 3].map(() => client.request(request(`${server.url}/delay?ms=20`))));
    expect(server.sockets.length - before).toBe(3);
    await sleep(20);
    expect(server.sockets.slice(before).filter((socket) => !socket.destroyed)).toHaveLength(1);
    await client.request(request(`${server.url}/echo`));
    expect(server.sockets.length - before).toBe(3);
  });

  it("closes its connections on close() and reconnects when used again", async () => {
    const client = vu();
    const before = server.sockets.length;
    await client.request(request(`${server.url}/echo`));
    await client.close();
    await sleep(20);
    expect(server.sockets[before]?.destroyed).toBe(true);
    expect((await client.request(request(`${server.url}/echo`))).status).toBe(200);
    expect(server.sockets.length - before).toBe(2);
  });

  it("opens a new connection for every request with noConnectionReuse", async () => {
    const client = vu({ noConnectionReuse: true });
    const before = server.sockets.length;
    await client.request(request(`${server.url}/echo`));
    const second = await client.request(request(`${server.url}/echo`));
    expect(server.sockets.length - before).toBe(2);
    expect(second.timings.connecting).toBeGreaterThan(0);
  });

  it("counts the bytes the server read and wrote", async () => {
    const client = vu();
    const before = server.sockets.length;
    const res = await client.request(
      request(`${server.url}/echo`, { method: "POST", body: "x".repeat(1000) }),
    );
    const socket = server.sockets[before];
    expect(socket).toBeDefined();
    expect(res.bytesSent).toBe(socket?.bytesRead);
    expect(res.bytesReceived).toBe(socket?.bytesWritten);
    expect(res.bytesSent).toBeGreaterThan(1000);
  });
});

describe("VuHttpClient timings", () => {
  it("measures waiting for a slow server and adds up to the duration", async () => {
    const res = await vu().request(request(`${server.url}/delay?ms=50`));
    const t = res.timings;
    expect(t.waiting).toBeGreaterThanOrEqual(49);
    expect(t.waiting).toBeLessThan(1000);
    expect(t.duration).toBeCloseTo(t.sending + t.waiting + t.receiving, 9);
    for (const value of Object.values(t)) expect(value).toBeGreaterThanOrEqual(0);
  });

  it("measures receiving from the first byte to the last", async () => {
    const res = await vu().request(request(`${server.url}/slow-body`));
    expect(res.body).toBe("first last");
    // The server paused 30 ms between the first part of the body and the last.
    expect(res.timings.receiving).toBeGreaterThanOrEqual(29);
  });
});

describe("VuHttpClient redirects", () => {
  it("follows a chain and reports every hop", async () => {
    const res = await vu().request(request(`${server.url}/chain?n=2`));
    expect(res.status).toBe(200);
    expect(res.body).toBe("done");
    expect(res.url).toBe(`${server.url}/chain?n=0`);
    expect(res.hops.map((hop) => [hop.status, hop.url])).toEqual([
      [302, `${server.url}/chain?n=2`],
      [302, `${server.url}/chain?n=1`],
      [200, `${server.url}/chain?n=0`],
    ]);
    expect(res.bytesReceived).toBe(res.hops.reduce((sum, hop) => sum + hop.bytesReceived, 0));
  });

  it("stops at maxRedirects and returns the redirect itself", async () => {
    const client = vu();
    const capped = await client.request(request(`${server.url}/chain?n=3`, { maxRedirects: 1 }));
    expect(capped.status).toBe(302);
    expect(capped.headers.Location).toBe("/chain?n=1");
    expect(capped.hops).toHaveLength(2);
    expect(capped.error).toBe("");
    const none = await client.request(request(`${server.url}/chain?n=1`, { maxRedirects: 0 }));
    expect(none.status).toBe(302);
    expect(none.hops).toHaveLength(1);
  });

  it("turns a POST into a body-less GET on 303 and keeps it on 307", async () => {
    const client = vu();
    const post = {
      method: "POST",
      body: "a=1",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    };
    const seeOther = await client.request(request(`${server.url}/redirect?status=303&to=/echo`, post));
    expect(JSON.parse(seeOther.body as string)).toMatchObject({ method: "GET", body: "" });
    expect(JSON.parse(seeOther.body as string).headers["content-type"]).toBeUndefined();
    expect(seeOther.hops.map((hop) => hop.method)).toEqual(["POST", "GET"]);
    const temporary = await client.request(request(`${server.url}/redirect?status=307&to=/echo`, post));
    expect(JSON.parse(temporary.body as string)).toMatchObject({ method: "POST", body: "a=1" });
  });

  it("drops credentials on a redirect to another host", async () => {
    const to = `http://localhost:${server.port}/echo`;
    const res = await vu().request(
      request(`${server.url}/redirect?to=${encodeURIComponent(to)}`, {
        headers: { Authorization: "Bearer x" },
      }),
    );
    const echoed = JSON.parse(res.body as string);
    expect(echoed.headers.authorization).toBeUndefined();
    expect(echoed.headers.referer).toBe(`${server.url}/redirect?to=${encodeURIComponent(to)}`);
  });
});

describe("VuHttpClient cookies", () => {
  it("stores cookies a response sets, sends them back, and reports them in k6's shape", async () => {
    const client = vu();
    const set = await client.request(request(`${server.url}/set-cookie`));
    expect(set.cookies.sid).toEqual([
      {
        name: "sid",
        value: "abc123",
        domain: "",
        path: "/",
        httpOnly: true,
        secure: false,
        maxAge: 0,
        expires: 0,
      },
    ]);
    expect(set.cookies.theme?.[0]).toMatchObject({ secure: true, maxAge: 3600 });
    expect(set.cookies.lang?.[0]?.expires).toBe(Date.UTC(2037, 9, 21, 7, 28, 0));
    const echoed = JSON.parse((await client.request(request(`${server.url}/echo`))).body as string);
    // The Secure cookie stays off plain http.
    expect(echoed.headers.cookie).toBe("sid=abc123; lang=en");
    expect(client.jar.cookiesForURL(`${server.url}/`)).toEqual({ sid: ["abc123"], lang: ["en"] });
  });

  it("keeps each VU's cookies to itself and forgets them on reset", async () => {
    const first = vu();
    const second = vu();
    await first.request(request(`${server.url}/set-cookie`));
    const other = JSON.parse((await second.request(request(`${server.url}/echo`))).body as string);
    expect(other.headers.cookie).toBeUndefined();
    first.resetCookies();
    const reset = JSON.parse((await first.request(request(`${server.url}/echo`))).body as string);
    expect(reset.headers.cookie).toBeUndefined();
  });

  it("stores cookies set by a redirect before following it", async () => {
    const to = encodeURIComponent("/echo");
    const res = await vu().request(
      request(`${server.url}/redirect?to=${to}&cookie=${encodeURIComponent("step=1; Path=/")}`),
    );
    expect(JSON.parse(res.body as string).headers.cookie).toBe("step=1");
  });

  it("adds request cookies beside the jar's, or instead of them with replace", async () => {
    const client = vu();
    client.jar.set(`${server.url}/`, "a", "jar");
    const beside = await client.request(request(`${server.url}/echo`, { cookies: { a: "req", b: "2" } }));
    expect(JSON.parse(beside.body as string).headers.cookie).toBe("a=req; b=2; a=jar");
    const replaced = await client.request(
      request(`${server.url}/echo`, { cookies: { a: { value: "req", replace: true } } }),
    );
    expect(JSON.parse(replaced.body as string).headers.cookie).toBe("a=req");
    const noJar = await client.request(request(`${server.url}/set-cookie`, { jar: false }));
    expect(noJar.cookies.sid).toHaveLength(1);
    expect(client.jar.cookiesForURL(`${server.url}/`)).toEqual({ a: ["jar"] });
  });

  it("uses a jar given with the request instead of the VU's", async () => {
    const client = vu();
    const own = new VuCookieJar();
    own.set(`${server.url}/`, "own", "1");
    const res = await client.request(request(`${server.url}/echo`, { jar: own }));
    expect(JSON.parse(res.body as string).headers.cookie).toBe("own=1");
  });
});

describe("VuHttpClient failures", () => {
  it("times out with code 1050 and does not reuse the connection", async () => {
    const client = vu();
    const before = server.sockets.length;
    const started = performance.now();
    const res = await client.request(request(`${server.url}/hang`, { timeoutMs: 100 }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res).toMatchObject({
      status: 0,
      errorCode: 1050,
      error: "request timeout",
      proto: "",
      body: null,
    });
    expect(res.timings.waiting).toBeGreaterThanOrEqual(90);
    const next = await client.request(request(`${server.url}/echo`));
    expect(next.status).toBe(200);
    expect(next.timings.connecting).toBeGreaterThan(0);
    expect(server.sockets.length - before).toBe(2);
  });

  it("sends an idempotent request again when a reused connection was closed, as Go does", async () => {
    const client = vu();
    const before = server.sockets.length;
    expect((await client.request(request(`${server.url}/close-on-reuse`))).body).toBe("fresh");
    const retried = await client.request(request(`${server.url}/close-on-reuse`));
    expect(retried).toMatchObject({ status: 200, body: "fresh", error: "" });
    expect(retried.hops).toHaveLength(1);
    expect(retried.timings.connecting).toBeGreaterThan(0);
    expect(server.sockets.length - before).toBe(2);
    const notReplayable = await client.request(request(`${server.url}/close-on-reuse`, { method: "DELETE" }));
    expect(notReplayable).toMatchObject({ status: 0, errorCode: 1000, error: "EOF" });
  });

  it("reports a refused connection with k6's dial code 1212", async () => {
    const closed = await startLoopbackServer(() => {});
    await closed.close();
    const res = await vu().request(request(`${closed.url}/`));
    expect(res).toMatchObject({ status: 0, errorCode: 1212, error: "dial: connection refused" });
    expect(res.hops).toHaveLength(1);
  });

  it("reports an unknown host with code 1101", async () => {
    const lookup: LookupFunction = (hostname, _options, callback) => {
      const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
        code: "ENOTFOUND",
        syscall: "getaddrinfo",
      });
      callback(error, "", 4);
    };
    const res = await vu({ lookup }).request(request("http://no-such-host.test/"));
    expect(res).toMatchObject({ errorCode: 1101, error: "lookup: no such host" });
  });

  it("aborts through the signal at once, and does not send when already aborted", async () => {
    const client = vu();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const res = await client.request(request(`${server.url}/hang`, { signal: controller.signal }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(res).toMatchObject({ status: 0, errorCode: 1000, error: "context canceled" });
    const before = server.sockets.length;
    const again = await client.request(request(`${server.url}/echo`, { signal: controller.signal }));
    expect(again.error).toBe("context canceled");
    expect(again.hops).toHaveLength(0);
    expect(server.sockets.length).toBe(before);
  });

  it("rejects URLs it cannot send", async () => {
    const client = vu();
    expect(await client.request(request("not a url"))).toMatchObject({
      errorCode: 1020,
      error: "invalid URL",
    });
    const ftp = await client.request(request("ftp://127.0.0.1/file"));
    expect(ftp.error).toMatch(/^unsupported protocol scheme "ftp"/);
  });

  it("refuses a timeout that is not a positive number", async () => {
    await expect(vu().request(request(`${server.url}/echo`, { timeoutMs: 0 }))).rejects.toThrow(RangeError);
  });
});

describe("VuHttpClient over TLS", () => {
  let tlsServer: LoopbackServer;
  const cert = selfSignedCertificate();

  beforeAll(async () => {
    tlsServer = await startLoopbackServer((req, res) => void routes(req, res), cert);
  });

  afterAll(async () => {
    await tlsServer.close();
  });

  it("rejects a self-signed certificate with k6's x509 code 1310", async () => {
    const res = await vu().request(request(`${tlsServer.url}/echo`));
    expect(res).toMatchObject({ status: 0, errorCode: 1310, error: "x509: unknown authority" });
  });

  it("accepts it with insecureSkipTLSVerify, reports the TLS version and times the handshake", async () => {
    const client = vu();
    const res = await client.request(request(`${tlsServer.url}/echo`, { insecureSkipTLSVerify: true }));
    expect(res.status).toBe(200);
    expect(res.tlsVersion).toBe("tls1.3");
    expect(res.tlsCipherSuite).toMatch(/^TLS_/);
    expect(res.timings.tls_handshaking).toBeGreaterThan(0);
    expect(res.timings.blocked).toBeGreaterThanOrEqual(res.timings.connecting + res.timings.tls_handshaking);
    // The handshake travels on the wire too: far more than the clear-text request.
    expect(res.bytesReceived).toBeGreaterThan(500);
    const again = await client.request(request(`${tlsServer.url}/echo`, { insecureSkipTLSVerify: true }));
    expect(again.timings.tls_handshaking).toBe(0);
    expect(again.tlsVersion).toBe("tls1.3");
  });

  it("trusts a given CA and checks the host name against it (code 1311)", async () => {
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (options.all === true) callback(null, [{ address: "127.0.0.1", family: 4 }]);
      else callback(null, "127.0.0.1", 4);
    };
    const client = vu({ tls: { ca: cert.cert }, lookup });
    expect((await client.request(request(`${tlsServer.url}/echo`))).status).toBe(200);
    const wrongName = await client.request(request(`https://wrong-name.test:${tlsServer.port}/echo`));
    expect(wrongName).toMatchObject({ errorCode: 1311, error: "x509: certificate doesn't match hostname" });
  });

  it("connects names of the hosts option to their address, keeping the name for Host and TLS", async () => {
    const hosts = parseHosts({
      "shop.test": `127.0.0.1:${server.port}`,
      "secure.test": `127.0.0.1:${tlsServer.port}`,
    });
    const client = vu({ hosts });
    const plain = await client.request(request("http://Shop.Test:1/echo"));
    expect(plain).toMatchObject({ status: 200, remoteIp: "127.0.0.1", remotePort: server.port });
    expect(JSON.parse(plain.body as string).headers.host).toBe("shop.test:1");
    // The certificate names "localhost", so a TLS name check against "secure.test" must fail:
    // the server name sent and checked is the URL's, not the address it was sent to.
    const secure = await client.request(request("https://secure.test/echo"));
    expect(secure).toMatchObject({ errorCode: expect.any(Number) });
    expect([1310, 1311]).toContain(secure.errorCode);
    expect(
      (await client.request(request("https://secure.test/echo", { insecureSkipTLSVerify: true }))).status,
    ).toBe(200);
  });

  it("reports a plain HTTP server behind an https URL with code 1301", async () => {
    const res = await vu().request(
      request(`https://127.0.0.1:${server.port}/echo`, { insecureSkipTLSVerify: true }),
    );
    expect(res.errorCode).toBe(1301);
  });
});
