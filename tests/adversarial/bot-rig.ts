import { afterAll } from "vitest";
import { startServer, type Routes, type TestServer } from "../helpers/http-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { startBotProcess, startFakeTelegram, type BotProcess, type FakeTelegram } from "./bot-process.ts";

/**
 * What a test of the bot process starts (a scratch folder, the fake Telegram, a site to fetch, the bot itself, as
 * often as it restarts it), ended by one `afterAll` however far the test got: every bot killed first, so none goes
 * on calling the servers, then the servers closed, then the scratch folder removed.
 */
export class BotRig {
  readonly scratch: { path: string; remove: () => void };
  private readonly bots: BotProcess[] = [];
  private readonly servers: Array<{ close(): Promise<void> }> = [];

  constructor(prefix: string) {
    this.scratch = tempDir(prefix);
  }

  async telegram(faultFor?: Parameters<typeof startFakeTelegram>[0]): Promise<FakeTelegram> {
    const telegram = await startFakeTelegram(faultFor);
    this.servers.push(telegram);
    return telegram;
  }

  async site(routes: Routes): Promise<TestServer> {
    const site = await startServer(routes);
    this.servers.push(site);
    return site;
  }

  async bot(env: Record<string, string>): Promise<BotProcess> {
    const bot = await startBotProcess(env);
    this.bots.push(bot);
    return bot;
  }

  async close(): Promise<void> {
    for (const bot of this.bots.splice(0)) await bot.kill();
    for (const server of this.servers.splice(0).reverse()) await server.close();
    this.scratch.remove();
  }
}

/** A rig for the tests of one `describe`, closed after them. */
export function botRig(prefix: string): BotRig {
  const rig = new BotRig(prefix);
  afterAll(() => rig.close());
  return rig;
}
