import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL server the tests may use: `scripts/with-test-postgres.sh` starts one and sets TEST_DATABASE_URL
 * (CI always does). Without it, the tests needing a server are skipped, and say why once.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? null;

if (!TEST_DATABASE_URL) {
  process.stderr.write("PostgreSQL tests skipped: TEST_DATABASE_URL is not set (run them with scripts/with-test-postgres.sh npx vitest run …)\n");
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the test server, so each test starts from nothing and none sees another's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL) throw new Error("TEST_DATABASE_URL is not set");
  const name = `verbatim_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
