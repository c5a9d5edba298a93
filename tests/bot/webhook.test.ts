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
