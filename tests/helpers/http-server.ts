import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RouteHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Handlers by exact path (query string ignored); any other path answers 404. */
/** A route answering with an HTML page (UTF-8) and the given status. */
export function htmlRoute(body: string, status = 200): RouteHandler {
  return (_request, response) => {
    response.writeHead(status, { "content-type": "text/html; charset=utf-8" }).end(body);
  };
}

export type Routes = Record<string, RouteHandler>;

export interface TestServer {
  /** Origin with no trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  port: number;
  /** Requests received so far, by path, to check that a refused fetch never arrived. */
  hits: Map<string, number>;
  close: () => Promise<void>;
}

/**
 * Starts a real HTTP server on a random port (127.0.0.1 unless `host` says otherwise), in the style of
 * ky's test server: tests talk to real sockets, not mocks. `close` also drops open connections, so
 * handlers that never answer do not keep the test run alive.
 */
export async function startServer(routes: Routes, options: { host?: string } = {}): Promise<TestServer> {
  const hits = new Map<string, number>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://placeholder").pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const handler = routes[path];
    if (handler) {
      handler(request, response);
    } else {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  server.listen(0, options.host ?? "127.0.0.1");
  await once(server, "listening");
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
