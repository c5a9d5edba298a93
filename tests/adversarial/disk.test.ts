import { execFileSync, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { htmlRoute, startServer } from "../helpers/http-server.ts";
import { tempDir } from "../helpers/temp-dir.ts";
import { article } from "./articles.ts";
import { settled, startBotProcess, startFakeTelegram } from "./bot-process.ts";
import { articlePage, ChatLog, person, questionAbout } from "./chats.ts";
import type { Person } from "../e2e/harness.ts";
import { recordFigures } from "./figures.ts";
import { telegramHtmlProblems } from "./telegram-html.ts";

const ROOT = process.getuid?.() === 0;
/** An ext4 image needs loop devices and the ext4 driver (a container may have neither). */
const LOOP_DEVICES = existsSync("/dev/loop-control") && existsSync("/sys/fs/ext4");

/**
 * Sends one person's messages one at a time and returns the bot's reply to each; a link's reply is its final
 * status, not the "⏳" it starts as.
 */
function speaker(chats: ChatLog, someone: Person): (text: string, link?: boolean) => Promise<string> {
  let expected = 0;
  return async (text, link = false) => {
    if (link) await someone.sayWithLinks(text);
    else await someone.say(text);
    expected++;
    await chats.arrival(someone.chatId, expected);
    if (link) await expect.poll(() => chats.texts(someone.chatId)[expected - 1] ?? "", { timeout: 60_000 }).not.toMatch(/^⏳/);
    return chats.texts(someone.chatId)[expected - 1] ?? "";
  };
}

/** Writes zeros to `file` until the file system says it is full. */
function fillUp(file: string): number {
  const fd = openSync(file, "w");
  const block = Buffer.alloc(64 * 1024);
  let written = 0;
  try {
    for (;;) written += writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
  } finally {
    closeSync(fd);
  }
  return written;
}

describe.skipIf(!ROOT)("a full disk and a read-only data dir (an 8 MB tmpfs, a 32 MB ext4 image; mounting needs root)", () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A library of 8 articles on its own 8 MB tmpfs. */
  async function libraryOnTmpfs(): Promise<{ mount: string; data: string }> {
    const scratch = tempDir("verbatim-disk-");
    cleanups.push(scratch.remove);
    const mount = join(scratch.path, "mnt");
    mkdirSync(mount);
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mount]);
    cleanups.push(() => void execFileSync("umount", ["-l", mount]));
    const data = join(mount, "library");
    const source = join(scratch.path, "articles.jsonl");
    writeFileSync(source, Array.from({ length: 8 }, (_, n) => JSON.stringify(article(n))).join("\n"));
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);
    return { mount, data };
  }

  it("disk full: adding says why and stores nothing, answering goes on, nothing is damaged, and adding works again once there is space", { timeout: 300_000 }, async () => {
    const { mount, data } = await libraryOnTmpfs();

    const pages = await startServer({ "/news/a": htmlRoute(articlePage(500)), "/news/b": htmlRoute(articlePage(501)) });
    cleanups.push(pages.close);
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const chats = new ChatLog(telegram.emulator);
    const env = { DATA_DIR: data, EMBEDDINGS: "off", ALLOW_PRIVATE_URLS: "true", TELEGRAM_API_ROOT: telegram.proxy.url };
    const bot = await startBotProcess(env);
    cleanups.push(bot.kill);
    const alice = person(telegram.emulator, 60_001);
    const say = speaker(chats, alice);

    const filler = join(mount, "filler");
    fillUp(filler);

    const refused = await say(`${pages.url}/news/a`, true);
    expect(refused).toMatch(/^✗ .*news\/a: couldn't read it: /);
    expect(refused).toMatch(/disk is full/);
    const answer = await say(questionAbout(3, 0));
    expect(answer).not.toMatch(/something went wrong/);
    expect(answer).toContain("Mara Quill3");
    for (const text of chats.texts(alice.chatId)) expect(telegramHtmlProblems(text)).toEqual([]);

    rmSync(filler);
    expect(await say(`${pages.url}/news/a`, true)).toMatch(/^✓ Added/);
    expect(await say(`${pages.url}/news/b`, true)).toMatch(/^✓ Added/);
    expect(await bot.stop()).toBe(0);

    const db = new Database(join(data, "library.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT count(*) FROM articles").pluck().get()).toBe(10);
    db.close();
    recordFigures("disk", { fault: "disk full", refusedWith: refused.replace(/^.*couldn't read it: /, "") });
  });

  it.skipIf(!LOOP_DEVICES)("read-only while the bot runs (ext4 remounting itself read-only after an error): answering goes on, adding is refused with the reason, nothing is damaged", { timeout: 300_000 }, async () => {
    // tmpfs cannot be remounted read-only under a process writing to it; ext4 with errors=remount-ro turns itself
    // read-only on an error whoever has files open, as a failing disk does. The kernel's trigger_fs_error raises one.
    const scratch = tempDir("verbatim-ext4-");
    cleanups.push(scratch.remove);
    const image = join(scratch.path, "disk.img");
    const mount = join(scratch.path, "mnt");
    mkdirSync(mount);
    execFileSync("truncate", ["-s", "32M", image]);
    execFileSync("mkfs.ext4", ["-q", image]);
    execFileSync("mount", ["-o", "loop,errors=remount-ro", image, mount]);
    cleanups.push(() => void execFileSync("umount", ["-l", mount]));
    const device = execFileSync("findmnt", ["-no", "SOURCE", mount]).toString().trim().replace("/dev/", "");
    const data = join(mount, "library");
    const source = join(scratch.path, "articles.jsonl");
    writeFileSync(source, Array.from({ length: 8 }, (_, n) => JSON.stringify(article(n))).join("\n"));
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);

    const pages = await startServer({ "/news/a": htmlRoute(articlePage(500)) });
    cleanups.push(pages.close);
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const chats = new ChatLog(telegram.emulator);
    const bot = await startBotProcess({ DATA_DIR: data, EMBEDDINGS: "off", ALLOW_PRIVATE_URLS: "true", TELEGRAM_API_ROOT: telegram.proxy.url });
    cleanups.push(bot.kill);
    const alice = person(telegram.emulator, 60_003);
    const say = speaker(chats, alice);
    expect(await say(questionAbout(2, 0))).toContain("Mara Quill2");
    // The answer is out before the bot records which turn it shows: let it finish first.
    await settled(() => telegram.proxy.calls.filter((call) => call.method !== "getUpdates").length);

    writeFileSync(`/sys/fs/ext4/${device}/trigger_fs_error`, "verbatim test");
    // Newer kernels keep the mount "rw" and mark it emergency_ro: what counts is that writes fail.
    expect(() => writeFileSync(join(mount, "probe"), "x")).toThrow(/EROFS/);

    const answer = await say(questionAbout(3, 0));
    expect(answer).not.toMatch(/something went wrong/);
    expect(answer).toContain("Mara Quill3");
    const refused = await say(`${pages.url}/news/a`, true);
    expect(refused).toMatch(/^✗ .*news\/a: couldn't read it: the library's disk failed to write, so nothing was added/);
    expect(await say(questionAbout(4, 0))).toContain("Mara Quill4");
    for (const text of chats.texts(alice.chatId)) expect(telegramHtmlProblems(text)).toEqual([]);
    expect(await bot.stop()).toBe(0);

    // Repaired as an administrator would (unmount, fsck, mount), the library is whole and takes links again.
    execFileSync("umount", [mount]);
    spawnSync("e2fsck", ["-fy", image]);
    execFileSync("mount", ["-o", "loop,errors=remount-ro", image, mount]);
    const db = new Database(join(data, "library.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT count(*) FROM articles").pluck().get()).toBe(8);
    db.close();
    const again = await startBotProcess({ DATA_DIR: data, EMBEDDINGS: "off", ALLOW_PRIVATE_URLS: "true", TELEGRAM_API_ROOT: telegram.proxy.url });
    cleanups.push(again.kill);
    // Both bots' errors go with a failure: a reply here other than "Added" was once the first bot's late apology,
    // when its shutdown closed the library under the bookkeeping of its last answer.
    const added = await say(`${pages.url}/news/a`, true);
    expect(added, JSON.stringify([...bot.logs, ...again.logs].filter((line) => Number(line.level) >= 50))).toMatch(/^✓ Added/);
    expect(await again.stop()).toBe(0);
    recordFigures("disk", { fault: "read-only while running", answered: 3, refusedWith: refused.replace(/^.*couldn't read it: /, "") });
  });

  /** Every file in `dir`, name → bytes, to show that nothing in it changed. */
  function filesIn(dir: string): Map<string, Buffer> {
    return new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
  }

  it("read-only data dir: answering goes on from it (its WAL's commits too), adding is refused with the reason, and no byte of it changes", { timeout: 300_000 }, async () => {
    const { mount, data } = await libraryOnTmpfs();
    // Leave a commit in the WAL, as a bot killed before the folder turned read-only does: every title revised.
    const killed = spawnSync(process.execPath, [
      "-e",
      `const db = new (require("better-sqlite3"))(${JSON.stringify(join(data, "library.db"))}); db.pragma("wal_autocheckpoint = 0"); db.prepare("UPDATE articles SET title = title || ' (revised)'").run(); process.kill(process.pid, "SIGKILL");`,
    ]);
    expect(killed.signal).toBe("SIGKILL");
    expect(readdirSync(data)).toContain("library.db-wal");
    const before = filesIn(data);
    // A running bot holds its database open for writing, which Linux will not remount read-only under it: here the
    // folder turns read-only between two runs (a volume mounted :ro, a file system remounted after errors).
    execFileSync("mount", ["-o", "remount,ro", mount]);
    cleanups.push(() => void execFileSync("mount", ["-o", "remount,rw", mount]));

    const asked = await runCli(["ask", "What did councillor Mara Quill3 say?"], { DATA_DIR: data });
    expect(asked.code).toBe(0);
    expect(asked.stdout).toContain("Mara Quill3");
    expect(asked.stdout).toContain("(revised)");
    const source = join(mount, "..", "more.jsonl");
    writeFileSync(source, JSON.stringify(article(20)));
    const ingest = await runCli(["ingest", source], { DATA_DIR: data });
    expect(ingest.code).toBe(2);
    expect(ingest.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^verbatim: the library in .* is read-only \(this user may not write its folder\), so nothing can be added or changed: /)]);

    const pages = await startServer({ "/news/a": htmlRoute(articlePage(500)) });
    cleanups.push(pages.close);
    const telegram = await startFakeTelegram();
    cleanups.push(telegram.close);
    const bot = await startBotProcess({ DATA_DIR: data, EMBEDDINGS: "off", ALLOW_PRIVATE_URLS: "true", TELEGRAM_API_ROOT: telegram.proxy.url });
    cleanups.push(bot.kill);
    expect(bot.logs.some((line) => String(line.msg).startsWith("the library's folder cannot be written"))).toBe(true);
    const chats = new ChatLog(telegram.emulator);
    const alice = person(telegram.emulator, 60_002);
    await alice.say(questionAbout(3, 0));
    await chats.arrival(alice.chatId, 1);
    const answer = chats.texts(alice.chatId)[0] ?? "";
    expect(answer).toContain("Mara Quill3");
    await alice.sayWithLinks(`${pages.url}/news/a`);
    await chats.arrival(alice.chatId, 2);
    await expect.poll(() => chats.texts(alice.chatId)[1] ?? "", { timeout: 60_000 }).not.toMatch(/^⏳/);
    const refused = chats.texts(alice.chatId)[1] ?? "";
    expect(refused).toMatch(/^✗ .*news\/a: couldn't read it: the library is read-only/);
    // A follow-up still works: the turn went to the copy the bot reads from.
    await alice.say("And what else did they say?");
    await chats.arrival(alice.chatId, 3);
    expect(chats.texts(alice.chatId)[2]).not.toMatch(/something went wrong/);
    for (const text of chats.texts(alice.chatId)) expect(telegramHtmlProblems(text)).toEqual([]);
    expect(await bot.stop()).toBe(0);
    expect(filesIn(data)).toEqual(before);

    execFileSync("mount", ["-o", "remount,rw", mount]);
    expect((await runCli(["ingest", source], { DATA_DIR: data })).code).toBe(0);
    const db = new Database(join(data, "library.db"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.prepare("SELECT count(*) FROM articles WHERE title LIKE '%(revised)'").pluck().get()).toBe(8);
    expect(db.prepare("SELECT count(*) FROM articles").pluck().get()).toBe(9);
    db.close();
    recordFigures("disk", { fault: "read-only at start", answered: 2, refusedWith: refused.replace(/^.*couldn't read it: /, "") });
  });
});
