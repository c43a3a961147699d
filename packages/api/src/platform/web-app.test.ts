import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findWebApp, serveWebApp } from "./web-app.js";

let directory: string;
let server: Server;
let base: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "barrage-web-"));
  await mkdir(join(directory, "assets"));
  await writeFile(join(directory, "index.html"), "<!doctype html><title>app</title>");
  await writeFile(join(directory, "assets", "app-1234.js"), "console.log(1)");
  const app = express();
  app.get("/graphql", (_req, res) => void res.json({ api: true }));
  app.use(serveWebApp(directory));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await rm(directory, { recursive: true, force: true });
});

const page = { headers: { accept: "text/html" } };

describe("serveWebApp", () => {
  it("answers index.html for the root and for any page the app routes, never cached", async () => {
    for (const path of ["/", "/runs/VGVzdFJ1bjox", "/projects/x/new-test"]) {
      const res = await fetch(`${base}${path}`, page);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-cache");
      expect(await res.text()).toContain("<title>app</title>");
    }
  });

  it("serves hashed assets for good, and a missing file as 404 rather than the page", async () => {
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get("cache-control")).toContain("immutable");
    expect((await fetch(`${base}/assets/gone-0000.js`)).status).toBe(404);
  });

  it("leaves the routes before it and other methods alone", async () => {
    expect(await (await fetch(`${base}/graphql`)).json()).toEqual({ api: true });
    expect((await fetch(`${base}/runs/x`, { method: "POST", ...page })).status).toBe(404);
  });
});

describe("findWebApp", () => {
  it("takes BARRAGE_WEB_DIR when it is set", () => {
    expect(findWebApp({ BARRAGE_WEB_DIR: directory })).toBe(directory);
  });
});
