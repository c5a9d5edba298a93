import { spawn } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tempDir } from "./temp-dir.ts";

/**
 * The nginx the tests may put in front of several bot workers: `scripts/with-test-nginx.sh` installs Debian's
 * and sets TEST_NGINX to its binary (CI always does). Without it, the tests needing one are skipped, and say why.
 */
export const TEST_NGINX = process.env.TEST_NGINX && existsSync(process.env.TEST_NGINX) ? process.env.TEST_NGINX : null;

if (!TEST_NGINX) {
  process.stderr.write("nginx tests skipped: TEST_NGINX is not set to an nginx binary (run them with scripts/with-test-nginx.sh npx vitest run …)\n");
}

export interface Nginx {
  /** Where Telegram is to post updates, e.g. "http://127.0.0.1:41234/telegram". */
  url: string;
  /** nginx's error log so far: upstreams it could not reach, and what it did about them. */
  errorLog(): string;
  close(): Promise<void>;
}

/**
 * nginx as a deployment would run it in front of webhook workers: round robin over `upstreams`, and a request
 * an upstream fails (refused, reset, timed out) passed on to the next one. POSTs are passed on too
 * (`non_idempotent`): the workers' update inbox makes a second delivery of an update harmless.
 * Runs in the foreground with its config, pid and logs in a temporary directory, on `port` of 127.0.0.1.
 */
export async function startNginx(port: number, upstreams: number[]): Promise<Nginx> {
  if (!TEST_NGINX) throw new Error("TEST_NGINX is not set");
  const dir = tempDir("verbatim-nginx-");
  // Workers run as nobody when nginx is started as root; they only read what the master opened, but need the way in.
  chmodSync(dir.path, 0o755);
  const errorLog = join(dir.path, "error.log");
  const temp = (name: string) => join(dir.path, name);
  writeFileSync(
    temp("nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${temp("nginx.pid")};
error_log ${errorLog} warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  upstream workers {
${upstreams.map((upstream) => `    server 127.0.0.1:${upstream} max_fails=1 fail_timeout=30s;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location /telegram {
      proxy_pass http://workers;
      proxy_next_upstream error timeout http_502 http_503 non_idempotent;
      proxy_connect_timeout 2s;
      proxy_read_timeout 20s;
    }
  }
}
`,
  );
  const child = spawn(TEST_NGINX, ["-p", dir.path, "-c", temp("nginx.conf"), "-e", errorLog], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // nginx says nothing when it is up: it is once it accepts connections.
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}): ${stderr}`);
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (tries > 200) throw new Error(`nginx did not start: ${stderr}`);
    await sleep(50);
  }
  return {
    url: `http://127.0.0.1:${port}/telegram`,
    errorLog: () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8") : ""),
    close: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      dir.remove();
    },
  };
}
