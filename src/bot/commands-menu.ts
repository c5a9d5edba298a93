import type { BotCommand } from "grammy/types";

/** The command menu registered with setMyCommands at startup; /remove is for admins and stays out of it. */
export const COMMAND_MENU: BotCommand[] = [
  { command: "help", description: "What I do, with an example" },
  { command: "add", description: "Add an article: /add <link>" },
  { command: "sources", description: "The latest articles I have" },
  { command: "stats", description: "What the library holds" },
  { command: "forget", description: "Forget this conversation" },
];
