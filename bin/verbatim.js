#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx verbatim` works right after `npm ci`.
import { register } from "tsx/esm/api";

register();
const { runCli } = await import("../src/cli.ts");
process.exitCode = await runCli(process.argv);
