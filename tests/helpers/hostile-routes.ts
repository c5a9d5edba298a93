import { gzipSync } from "node:zlib";
import type { RouteHandler } from "./http-server.ts";

/**
 * Pages that misbehave the way hostile or broken sites do, as routes for `startServer`: the fetcher's unit tests, the
 * adversarial suite's fetches and the real bot all meet the same ones.
 */

/** A body as it is, with this Content-Type (none if undefined) and any other headers. */
export function sendRoute(contentType: string | undefined, body: string | Buffer, headers: Record<string, string> = {}): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { ...(contentType ? { "content-type": contentType } : {}), ...headers }).end(body);
  };
}

/** A redirect to `location` (a function for addresses known only once the server listens). */
export function redirectRoute(location: string | (() => string), status = 302): RouteHandler {
  return (_request, response) => {
    response.writeHead(status, { location: typeof location === "string" ? location : location() }).end();
  };
}

/** An HTML page that arrives one byte a second and never ends. */
export function dripRoute(): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    const timer = setInterval(() => response.write("a"), 1_000);
    response.on("close", () => clearInterval(timer));
  };
}

/** An HTML body with no Content-Length that keeps coming as fast as the reader takes it. */
export function endlessRoute(): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "text/html" });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = (): void => {
      while (response.write(chunk));
      response.once("drain", pump);
    };
    pump();
  };
}

/** Declares a body of `bytes`, sends its first few and never the rest: only a refusal on the header beats the timeout. */
export function declaredLengthRoute(bytes: number): RouteHandler {
  return (_request, response) => {
    response.writeHead(200, { "content-type": "text/html", "content-length": String(bytes) });
    response.write("<html>");
  };
}

/** A small gzip body (about a thousandth of its size) that unpacks to `bytes` of spaces. */
export function gzipBombRoute(bytes: number): RouteHandler {
  const packed = gzipSync(Buffer.alloc(bytes, 0x20), { level: 9 });
  return sendRoute("text/html", packed, { "content-encoding": "gzip" });
}
