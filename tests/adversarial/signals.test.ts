import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { TelegramServer } from "telegram-test-api/lib/telegramServer.js";
import { tempDir } from "../helpers/temp-dir.ts";
import { startApiProxy } from "../e2e/api-proxy.ts";
import { TOKEN } from "../e2e/harness.ts";
import { freePort } from "../helpers/free-port.ts";
import { recordFigures } from "./figures.ts";
import { commandLine, processesWithEnv } from "./processes.ts";

const REPO = fileURLToPath(new URL("../..", import.meta.url));

/** How a user or a supervisor starts the bot: `npm start` (Docker's `CMD npm start`, systemd units) and npx, which puts a shell in between. */
const LAUNCHERS: Array<{ name: string; args: string[] }> = [
  { name: "npm start", args: ["start"] },
  { name: "npx (npm exec through a shell)", args: ["exec", "-c", "node bin/verbatim.js bot"] },
];

describe("signals as supervisors send them", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it.each(LAUNCHERS)("SIGTERM to npm stops the bot it started under $name: no orphan, a clean shutdown", { timeout: 90_000 }, async ({ args }) => {
    const emulator = new TelegramServer({ port: await freePort(), host: "127.0.0.1" });
    await emulator.start();
    cleanups.push(() => emulator.stop().then(() => undefined));
    const proxy = await startApiProxy(emulator.config.apiURL);
    cleanups.push(proxy.close);
    const data = tempDir("verbatim-signals-");
    cleanups.push(data.remove);
    const marker = `DATA_DIR=${data.path}`;
    cleanups.push(() => {
      for (const pid of processesWithEnv(marker)) process.kill(pid, "SIGKILL");
    });

    const npm = spawn("npm", args, {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: proxy.url, DATA_DIR: data.path, EMBEDDINGS: "off", LOG_LEVEL: "info" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    npm.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const npmExited = once(npm, "exit");
    await expect.poll(() => stderr, { timeout: 45_000, interval: 100 }).toContain('"msg":"bot started"');
    const bots = processesWithEnv(marker).filter((pid) => pid !== npm.pid && /^node .*verbatim\.js bot$/.test(commandLine(pid)));
    expect(bots).toHaveLength(1);
    const [bot] = bots as [number];

    const signalledAt = performance.now();
    npm.kill("SIGTERM");
    await npmExited;
    await expect.poll(() => processesWithEnv(marker).includes(bot), { timeout: 25_000, interval: 100 }).toBe(false);
    const stopMs = Math.round(performance.now() - signalledAt);
    await sleep(50);
    expect(stderr).toContain('"msg":"shutting down"');
    expect(stderr).toContain('"msg":"bot stopped"');
    recordFigures("signals", { launcher: args.join(" "), stopMs });
  });
});
