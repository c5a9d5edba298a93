import { once } from "node:events";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "./harness.ts";
import { freePort } from "../helpers/free-port.ts";

const SECRET = "e2e-webhook-secret";

/**
 * telegram-test-api posts updates to the webhook without the X-Telegram-Bot-Api-Secret-Token header that
 * Telegram sends, so a relay in front of the bot adds it, as Telegram would. Everything else is the real path.
 */
async function startRelay(target: string): Promise<{ url: string; refusedWithoutSecret: () => Promise<number>; close: () => Promise<void> }> {
  const relay: Server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const forwarded = await fetch(target, {
        method: "POST",
        body: Buffer.concat(chunks),
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
      });
      response.writeHead(forwarded.status).end(await forwarded.text());
    })();
  });
  relay.listen(0, "127.0.0.1");
  await once(relay, "listening");
  const address = relay.address();
  if (address === null || typeof address === "string") throw new Error("no relay address");
  return {
    url: `http://127.0.0.1:${address.port}/telegram`,
    refusedWithoutSecret: async () => (await fetch(target, { method: "POST", body: "{}", headers: { "content-type": "application/json" } })).status,
    close: async () => {
      relay.closeAllConnections();
      relay.close();
      await once(relay, "close");
    },
  };
}

describe("verbatim bot in webhook mode", () => {
  let world: World;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    const port = await freePort();
    relay = await startRelay(`http://127.0.0.1:${port}/`);
    world = await startWorld({ WEBHOOK_URL: relay.url, WEBHOOK_SECRET: SECRET, WEBHOOK_PORT: String(port), WEBHOOK_HOST: "127.0.0.1" });
  });

  afterAll(async () => {
    await world?.close();
    await relay?.close();
  });

  it("registers its webhook with the secret, refuses posts without it, and answers updates it receives", async () => {
    expect(world.proxy.calls.map((call) => call.method)).toContain("setWebhook");
    expect(world.proxy.calls.map((call) => call.method)).not.toContain("getUpdates");
    expect(await relay.refusedWithoutSecret()).toBe(401);

    const alice = world.person({ userId: 301 });
    await alice.sayWithLinks(`${world.pages.url}/ferry-strike`);
    await alice.waitForMessage(1, (message) => message.text.startsWith("✓ Added"));
    await alice.say("What did Claire Dumont say?");
    const answer = await alice.waitForMessage(2);
    expect(answer.text).toContain("Our door is open");
  });
});
