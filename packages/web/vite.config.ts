import { defineConfig } from "vite";

// `npm run dev -w @barrage/web` serves the app with hot reload and passes /graphql (HTTP and
// WebSocket) to a platform started with `npm start` (or BARRAGE_API).
const api = process.env.BARRAGE_API ?? "http://127.0.0.1:4000";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { target: "es2022", outDir: "dist", emptyOutDir: true, sourcemap: false },
  server: { proxy: { "/graphql": { target: api, ws: true } } },
});
