import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface ProxiedCall {
  method: string;
  status: number;
  /** The chat the call was about, when it names one. */
  chatId: number | null;
}

/**
 * A fault the proxy injects instead of (or before) passing a call on, as Telegram's API and the network between
 * produce them: flood control, a server error, a connection dropped before the request is read, a slow answer.
 * Each happens before the emulator sees the call, as when the request never reached Telegram.
 */
export type Fault = { kind: "429"; retryAfter: number } | { kind: "5xx"; status: number } | { kind: "drop" } | { kind: "slow"; ms: number };

export interface ApiProxy {
  /** What to give the bot as TELEGRAM_API_ROOT. */
  url: string;
  /** Every Bot API call, in order of arrival, with the HTTP status the emulator (or the proxy) answered. */
  calls: ProxiedCall[];
  /**
   * The next call of `method` (about `chatId`, when given) gets HTTP 429 with `retry_after` instead of reaching the
   * emulator. Scoping to a chat keeps a late message of another test from taking the error.
   */
  rateLimitNext(method: string, retryAfterSeconds: number, chatId?: number): void;
  /** The next call of `method` (about `chatId`, when given) gets this Bot API error instead of reaching the emulator. */
  failNext(method: string, status: number, description: string, chatId?: number): void;
  /**
   * From the next call of `method` on, no call reaches the emulator or gets an answer: what the bot sends from
   * then on is known never to have reached Telegram (a worker about to be killed). Resolves when that call arrives.
   */
  holdFrom(method: string): Promise<void>;
  /** Faults injected so far, by kind. */
  faults: Map<Fault["kind"], number>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}


interface Failure {
  status: number;
  body: Record<string, unknown>;
  chatId: number | undefined;
}

function chatIdOf(body: Buffer, contentType: string | undefined): number | null {
  if (!contentType?.includes("json")) return null;
  try {
    const chatId = (JSON.parse(body.toString()) as { chat_id?: unknown }).chat_id;
    return typeof chatId === "number" ? chatId : null;
  } catch {
    return null;
  }
}

/**
 * A real HTTP proxy between the bot and telegram-test-api, for what the emulator lacks:
 * - long polling: the emulator answers getUpdates at once even when empty (it ignores `timeout`), so the proxy
 *   holds an empty answer for up to `holdMs`, asking the emulator again meanwhile, like Telegram does;
 * - errors: a call can be answered 429 with retry_after, as Telegram does under flood control, or any other error.
 */
export async function startApiProxy(
  emulatorUrl: string,
  holdMs = 300,
  faultFor: (call: { method: string; chatId: number | null }) => Fault | undefined = () => undefined,
): Promise<ApiProxy> {
  const calls: ProxiedCall[] = [];
  const failures = new Map<string, Failure>();
  let hold: { method: string; arrived: () => void } | null = null;
  let holding = false;
  const faults = new Map<Fault["kind"], number>();

  const forward = async (path: string, body: Buffer, contentType: string | undefined): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${emulatorUrl}${path}`, { method: "POST", body, headers: contentType ? { "content-type": contentType } : {} });
    return { status: response.status, text: await response.text() };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const path = request.url ?? "/";
      const method = path.split("/").at(-1) ?? "";
      const body = await readBody(request);
      const chatId = chatIdOf(body, request.headers["content-type"]);
      if (hold?.method === method) {
        holding = true;
        hold.arrived();
      }
      if (holding) return;
      const failure = failures.get(method);
      if (failure && (failure.chatId === undefined || failure.chatId === chatId)) {
        failures.delete(method);
        calls.push({ method, status: failure.status, chatId });
        response.writeHead(failure.status, { "content-type": "application/json" }).end(JSON.stringify(failure.body));
        return;
      }
      const fault = faultFor({ method, chatId });
      if (fault) faults.set(fault.kind, (faults.get(fault.kind) ?? 0) + 1);
      if (fault?.kind === "drop") {
        calls.push({ method, status: -1, chatId });
        request.socket.destroy();
        return;
      }
      if (fault?.kind === "slow") await sleep(fault.ms);
      if (fault?.kind === "429" || fault?.kind === "5xx") {
        const status = fault.kind === "429" ? 429 : fault.status;
        const error =
          fault.kind === "429"
            ? { ok: false, error_code: 429, description: `Too Many Requests: retry after ${fault.retryAfter}`, parameters: { retry_after: fault.retryAfter } }
            : { ok: false, error_code: status, description: "Internal Server Error" };
        calls.push({ method, status, chatId });
        response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(error));
        return;
      }
      // Recorded on arrival: a chat action the bot aborts once its answer is out still counts as made.
      const call: ProxiedCall = { method, status: 0, chatId };
      calls.push(call);
      let result = await forward(path, body, request.headers["content-type"]);
      if (method === "getUpdates") {
        const until = Date.now() + holdMs;
        let gone = false;
        response.once("close", () => (gone = true));
        while (!gone && Date.now() < until && result.status === 200 && (JSON.parse(result.text) as { result: unknown[] }).result.length === 0) {
          await sleep(25);
          result = await forward(path, body, request.headers["content-type"]);
        }
      }
      call.status = result.status;
      response.writeHead(result.status, { "content-type": "application/json" }).end(result.text);
    })().catch(() => {
      if (!response.headersSent) response.writeHead(502).end();
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    rateLimitNext: (method, seconds, chatId) =>
      failures.set(method, {
        status: 429,
        body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } },
        chatId,
      }),
    failNext: (method, status, description, chatId) => failures.set(method, { status, body: { ok: false, error_code: status, description }, chatId }),
    holdFrom: (method) => new Promise<void>((arrived) => (hold = { method, arrived })),
    faults,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}
