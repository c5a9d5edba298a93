import { copyFileSync, readFileSync, writeFileSync, type PathLike } from "node:fs";
import type * as NodeFs from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { VECTOR_INDEX_FILE, VectorIndex, savedIndexSize } from "../../src/library/vector-index.ts";
import { tempDir } from "../helpers/temp-dir.ts";

/** A kill in the middle of a save, played in-process: the rename of a file with this name throws instead. */
const kill = vi.hoisted(() => ({ beforeRenaming: null as string | null }));
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof NodeFs>();
  const renameSync = (from: PathLike, to: PathLike): void => {
    if (kill.beforeRenaming !== null && String(from).endsWith(kill.beforeRenaming)) throw new Error("killed");
    fs.renameSync(from, to);
  };
  return { ...fs, default: { ...fs, renameSync }, renameSync };
});

const MODEL = "test-model";
const DIMENSIONS = 8;
const MANIFEST = "vectors.json";

interface SavedPair {
  graph: Buffer;
  manifest: Buffer;
}

function points(from: number, to: number): Array<{ label: number; vector: Float32Array; seq: number }> {
  return Array.from({ length: to - from }, (_, i) => {
    const vector = new Float32Array(DIMENSIONS);
    vector[(from + i) % DIMENSIONS] = 1;
    return { label: from + i, vector, seq: from + i + 1 };
  });
}

/**
 * The files a kill -9 can leave at each step of VectorIndex.save, built from two real saves (3 points, then 6), and
 * what the next open must find in each: never a refusal, never a graph taken for another.
 */
describe("a vector-index save cut off by a crash", () => {
  const dirs: Array<ReturnType<typeof tempDir>> = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) dir.remove();
  });
  const fresh = (): string => {
    const dir = tempDir("verbatim-index-crash-");
    dirs.push(dir);
    return dir.path;
  };

  function twoSaves(): { first: SavedPair; second: SavedPair } {
    const dir = fresh();
    const index = VectorIndex.open(dir, MODEL, DIMENSIONS);
    index.add(points(0, 3));
    index.save();
    const first = { graph: readFileSync(join(dir, VECTOR_INDEX_FILE)), manifest: readFileSync(join(dir, MANIFEST)) };
    index.add(points(3, 6));
    index.save();
    const second = { graph: readFileSync(join(dir, VECTOR_INDEX_FILE)), manifest: readFileSync(join(dir, MANIFEST)) };
    return { first, second };
  }

  function leave(files: Record<string, Buffer>): string {
    const dir = fresh();
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
    return dir;
  }

  it("between the graph's rename and the manifest's: the new graph opens with the manifest waiting beside it", () => {
    const { first, second } = twoSaves();
    const dir = leave({ [VECTOR_INDEX_FILE]: second.graph, [MANIFEST]: first.manifest, [`${MANIFEST}.tmp`]: second.manifest });
    expect(savedIndexSize(dir)).toBe(6);
    const index = VectorIndex.open(dir, MODEL, DIMENSIONS);
    expect(index.size).toBe(6);
    expect(index.seq).toBe(6);
  });

  it("a save after one cut off between its renames, itself cut off before them: the graph of the first still opens", () => {
    const { first, second } = twoSaves();
    const dir = leave({ [VECTOR_INDEX_FILE]: second.graph, [MANIFEST]: first.manifest, [`${MANIFEST}.tmp`]: second.manifest });
    const index = VectorIndex.open(dir, MODEL, DIMENSIONS);
    index.add(points(6, 9));
    kill.beforeRenaming = `${VECTOR_INDEX_FILE}.tmp`;
    try {
      expect(() => index.save()).toThrow("killed");
    } finally {
      kill.beforeRenaming = null;
    }
    const reopened = VectorIndex.open(dir, MODEL, DIMENSIONS);
    expect(reopened.size).toBe(6);
    expect(reopened.seq).toBe(6);
    // The waiting manifest went in place before this save wrote its own temporary files over it.
    expect(readFileSync(join(dir, MANIFEST))).toEqual(second.manifest);
  });

  it("before any rename (temporary files written or half-written): the previous pair opens", () => {
    const { first, second } = twoSaves();
    const leftovers: Array<Record<string, Buffer>> = [{ [`${VECTOR_INDEX_FILE}.tmp`]: second.graph.subarray(0, 40) }, { [`${VECTOR_INDEX_FILE}.tmp`]: second.graph, [`${MANIFEST}.tmp`]: second.manifest }];
    for (const tmp of leftovers) {
      const dir = leave({ [VECTOR_INDEX_FILE]: first.graph, [MANIFEST]: first.manifest, ...tmp });
      const index = VectorIndex.open(dir, MODEL, DIMENSIONS);
      expect(index.size).toBe(3);
      expect(index.seq).toBe(3);
    }
  });

  it("still refuses a graph that matches neither manifest (damaged, not a cut-off save)", () => {
    const { first, second } = twoSaves();
    const dir = leave({ [VECTOR_INDEX_FILE]: second.graph.subarray(0, 100), [MANIFEST]: first.manifest, [`${MANIFEST}.tmp`]: second.manifest });
    expect(() => VectorIndex.open(dir, MODEL, DIMENSIONS)).toThrow(/vector index .* is damaged/);
    copyFileSync(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
    expect(() => VectorIndex.open(dir, MODEL, DIMENSIONS)).toThrow(/damaged/);
  });
});
