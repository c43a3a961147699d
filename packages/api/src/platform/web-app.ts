import { existsSync } from "node:fs";
import { extname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import express, { type RequestHandler } from "express";

/**
 * Serves the built web app (a directory with `index.html`) beside the API: its files, and
 * `index.html` for any other GET of a page (the app routes in the browser), so that a reload of
 * `/runs/<id>` works. Hashed files under `assets/` are cached for good; `index.html` never is, so a
 * new build is picked up at once. API paths never get here: they are routed before it.
 */
export function serveWebApp(directory: string): RequestHandler {
  const assets = join(directory, "assets") + sep;
  const files = express.static(directory, {
    index: false,
    setHeaders: (res, path) =>
      res.setHeader(
        "Cache-Control",
        path.startsWith(assets) ? "public, max-age=31536000, immutable" : "no-cache",
      ),
  });
  const indexHtml = join(directory, "index.html");
  const page: RequestHandler = (req, res, next) => {
    // Pages have no extension; a missing file (`/assets/old.js`) stays a 404.
    const isPage =
      (req.method === "GET" || req.method === "HEAD") && extname(req.path) === "" && req.accepts("html");
    if (!isPage) return next();
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(indexHtml, (error) => error && next(error));
  };
  return (req, res, next) =>
    files(req, res, (error?: unknown) => (error ? next(error) : page(req, res, next)));
}

/**
 * The built web app to serve: `BARRAGE_WEB_DIR` if set, else the `@barrage/web` package's `dist`
 * when it is installed beside the platform (as in the repository) and built; undefined otherwise,
 * and the platform then serves the API alone.
 */
export function findWebApp(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.BARRAGE_WEB_DIR) return env.BARRAGE_WEB_DIR;
  try {
    const directory = fileURLToPath(new URL("./", import.meta.resolve("@barrage/web/dist/index.html")));
    return existsSync(join(directory, "index.html")) ? directory : undefined;
  } catch {
    return undefined;
  }
}
