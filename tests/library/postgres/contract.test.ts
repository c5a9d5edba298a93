import { PostgresLibrary } from "../../../src/library/postgres/postgres-library.ts";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "../../helpers/postgres.ts";
import { tempDir } from "../../helpers/temp-dir.ts";
import { describeLibraryContract } from "../contract.ts";

describeLibraryContract(
  "PostgreSQL",
  () => {
    const dir = tempDir();
    let database: TestDatabase | null = null;
    return {
      open: async () => {
        database = await createTestDatabase();
        return PostgresLibrary.open(database.url, { dataDir: dir.path });
      },
      reopen: async () => PostgresLibrary.open(database!.url, { dataDir: dir.path }),
      cleanUp: async () => {
        await database?.drop();
        dir.remove();
      },
    };
  },
  { skip: !TEST_DATABASE_URL },
);
