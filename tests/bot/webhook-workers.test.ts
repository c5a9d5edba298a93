import { setTimeout as sleep } from "node:timers/promises";
import type { Chat, User } from "grammy/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { serveWebhook, type WebhookServer } from "../../src/bot/webhook.ts";
import { createPool } from "../../src/library/postgres/pool.ts";
import { migrate } from "../../src/library/postgres/schema.ts";
import { PostgresUpdateInbox } from "../../src/library/postgres/update-inbox.ts";
import { createLogger } from "../../src/logger.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../helpers/postgres.ts";
import { messageUpdate, testBot } from "./harness.ts";

const SECRET = "s3cret-token_1";

describe.skipIf(!TEST_DATABASE_URL)("several webhook workers sharing one PostgreSQL inbox", () => {
  let database: TestDatabase;
  const servers: WebhookServer[] = [];
  const inboxes: PostgresUpdateInbox[] = [];

  beforeEach(async () => {
    database = await createTestDatabase();
    const pool = createPool(database.url, 1);
    await migrate(pool);
    await pool.end();
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(inboxes.splice(0).map((inbox) => inbox.close()));
    await database.drop();
  });

  it("answers every question once, each chat's in the order sent, though Telegram retries and workers take turns", async () => {
    const asked: Array<{ chat: number; question: string }> = [];
    const workers = await Promise.all(
      [0, 1, 2].map(async () => {
        const harness = testBot();
        const ask = harness.engine.ask.bind(harness.engine);
        harness.engine.ask = async (question, options) => {
          asked.push({ chat: Number(options?.conversationId?.replace(/\D/g, "")), question });
          // Answers take a little while, so a chat's next update reaches another worker while this one answers.
          await sleep(question.length % 7);
          return ask(question, options);
        };
        const inbox = PostgresUpdateInbox.open(database.url, 8);
        inboxes.push(inbox);
        const server = await serveWebhook(harness.bot, { host: "127.0.0.1", port: 0, secret: SECRET, logger: createLogger("silent"), inbox });
        servers.push(server);
        return { ...harness, port: server.port };
      }),
    );
    const post = (worker: number, body: unknown) =>
      fetch(`http://127.0.0.1:${workers[worker]!.port}/hook`, {
        method: "POST",
        body: JSON.stringify(body),
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      });

    const chats = [1, 2, 3, 4].map((n) => ({ chat: { id: 500 + n, type: "private", first_name: `Reader ${n}` } as Chat.PrivateChat, from: { id: 500 + n, is_bot: false, first_name: `Reader ${n}` } as User }));
    const sent: Array<{ chat: number; question: string }> = [];
    for (let round = 0; round < 5; round++) {
      for (const [c, { chat, from }] of chats.entries()) {
        const question = `What did the harbour master say about berth ${round} of pier ${c}?`;
        const update = messageUpdate({ text: question }, from, chat);
        sent.push({ chat: chat.id, question });
        expect((await post((round + c) % 3, update)).status).toBe(200);
        // Telegram delivers some updates again (a slow acknowledgement), to another worker.
        if ((round + c) % 4 === 0) expect((await post((round + c + 1) % 3, update)).status).toBe(200);
      }
    }
    for (let waited = 0; asked.length < sent.length && waited < 20_000; waited += 50) await sleep(50);
    await sleep(200);

    expect(asked).toHaveLength(sent.length);
    for (const { chat } of chats) {
      expect(asked.filter((a) => a.chat === chat.id).map((a) => a.question)).toEqual(sent.filter((s) => s.chat === chat.id).map((s) => s.question));
    }
    expect(workers.filter((w) => w.engine.asked.length > 0).length).toBeGreaterThan(1);
  });
});
