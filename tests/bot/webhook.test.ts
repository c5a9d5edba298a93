import { once } from "node:events";
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { serveWebhook, type WebhookServer } from "../../src/bot/webhook.ts";
import { createLogger } from "../../src/logger.ts";
import { messageUpdate, testBot } from "./harness.ts";

const SECRET = "s3cret-token_1";

describe("webhook server", () => {
  let server: WebhookServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function start() {
    const harness = testBot();
    server = await serveWebhook(harness.bot, { host: "127.0.0.1", port: 0, secret: SECRET, logger: createLogger("silent") });
    const post = (body: string, secret?: string) =>
      fetch(`http://127.0.0.1:${server?.port}/hook`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      });
    return { ...harness, post };
  }

  it("refuses requests without the secret token, or with another one, and handles nothing", async () => {
    const { post, engine } = await start();
    const update = JSON.stringify(messageUpdate({ text: "What did the mayor say?" }));
    expect((await post(update)).status).toBe(401);
    expect((await post(update, "s3cret-token_2")).status).toBe(401);
    expect((await post("{not json", SECRET)).status).toBe(400);
    expect(engine.asked).toEqual([]);
  });

  it("refuses bodies that are JSON but not an update, and keeps serving", async () => {
    const { post, engine } = await start();
    for (const body of ["null", "[]", "42", '"text"', "{}", '{"update_id": "7"}']) expect((await post(body, SECRET)).status).toBe(400);
    expect((await post(JSON.stringify(messageUpdate({ text: "What did the mayor say?" })), SECRET)).status).toBe(200);
    await expect.poll(() => engine.asked.length).toBe(1);
  });

  it("answers a body over 1 MB with 413, sent whole or in chunks, and keeps serving", async () => {
    const { post, engine } = await start();
    const enormous = JSON.stringify(messageUpdate({ text: "é".repeat(600_000) }));
    expect((await post(enormous, SECRET)).status).toBe(413);
    const chunked = await fetch(`http://127.0.0.1:${server?.port}/hook`, {
      method: "POST",
      body: new Blob([enormous]).stream(),
      duplex: "half",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await post(JSON.stringify(messageUpdate({ text: "What did the mayor say?" })), SECRET)).status).toBe(200);
    await expect.poll(() => engine.asked.length).toBe(1);
  });

  it("keeps connections open for a minute, so a busy moment does not reset a request sent on one", async () => {
    const { post } = await start();
    const response = await post(JSON.stringify(messageUpdate({ text: "What did the mayor say?" })), SECRET);
    expect(response.headers.get("keep-alive")).toBe("timeout=60");
  });

  it("keeps an idle connection open a while past the keep-alive time it advertises, so a client reusing it then is not reset", async () => {
    const harness = testBot();
    server = await serveWebhook(harness.bot, { host: "127.0.0.1", port: 0, secret: SECRET, logger: createLogger("silent"), keepAliveMs: 1_000 });
    const socket = connect(server.port, "127.0.0.1");
    await once(socket, "connect");
    let reply = "";
    socket.on("data", (chunk: Buffer) => (reply += chunk.toString("latin1")));
    const closed = once(socket, "close");
    const send = (body: string) =>
      socket.write(`POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    send(JSON.stringify(messageUpdate({ text: "What did the mayor say?" })));
    await expect.poll(() => reply).toMatch(/^HTTP\/1\.1 200 /);
    expect(reply).toMatch(/keep-alive: timeout=1\r\n/i);
    // Past the advertised second and the one Node adds, as a client whose timer ran late would send it.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    reply = "";
    send(JSON.stringify(messageUpdate({ text: "And the harbour?" })));
    await expect.poll(() => reply).toMatch(/^HTTP\/1\.1 200 /);
    await expect.poll(() => harness.engine.asked.length).toBe(2);
    // Left idle, it is closed in the end.
    await closed;
  });

  it("answers 413 at once, without reading it, to a body declared far over the limit", async () => {
    await start();
    const socket = connect(server?.port ?? 0, "127.0.0.1");
    await once(socket, "connect");
    socket.write(`POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Telegram-Bot-Api-Secret-Token: ${SECRET}\r\nContent-Length: 50000000\r\n\r\n{"update_id": 1`);
    let reply = "";
    socket.on("data", (chunk: Buffer) => (reply += chunk.toString("latin1")));
    await once(socket, "close");
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply).toMatch(/connection: close/i);
  });

  it("handles an update Telegram delivers twice (its 200 lost on the way) only once", async () => {
    const { post, engine } = await start();
    const update = JSON.stringify(messageUpdate({ text: "What did the mayor say?" }));
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(update, SECRET)).status).toBe(200);
    expect((await post(JSON.stringify(messageUpdate({ text: "And the harbour?" })), SECRET)).status).toBe(200);
    await expect.poll(() => engine.asked.length).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(engine.asked.map((ask) => ask.question)).toEqual(["What did the mayor say?", "And the harbour?"]);
  });

  it("acknowledges an update with the right token, handles it, and close waits for it", async () => {
    const { post, engine, sent } = await start();
    let release: () => void = () => {};
    const ask = engine.ask.bind(engine);
    engine.ask = async (question, options) => {
      await new Promise<void>((resolve) => (release = resolve));
      return ask(question, options);
    };
    const response = await post(JSON.stringify(messageUpdate({ text: "What did the mayor say?" })), SECRET);
    expect(response.status).toBe(200);
    const closing = server?.close();
    server = undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(sent()).toEqual([]);
    release();
    await closing;
    expect(sent()).toHaveLength(1);
  });
});
