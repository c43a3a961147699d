import type { RequestHandler } from "express";

/**
 * Lets web apps served from `origins` call the API from a browser. Without origins it adds no
 * header at all, so browsers keep other sites from reading answers: the safe default for an API
 * that is normally called by the CLI and by its own web app. Tokens travel in `Authorization`,
 * never in cookies, so allowing an origin never lends it a user's ambient credentials.
 */
export function cors(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (!origin || !allowed.has(origin)) {
      next();
      return;
    }
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Vary", "Origin");
    if (req.method !== "OPTIONS") {
      next();
      return;
    }
    res.setHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, apollo-require-preflight");
    res.setHeader("Access-Control-Max-Age", "600");
    res.status(204).end();
  };
}
