/**
 * Compact word-vector table: the on-disk format (written by scripts/build-word-vectors.ts) and a
 * fast, memoised loader.
 *
 * File layout (little-endian):
 *   bytes 0..3    magic "TWV1"
 *   u32           format version (1)
 *   u32           count (number of words)
 *   u32           dims
 *   u32           vocabBytes (length of the UTF-8 vocabulary block)
 *   u32           reserved (0)
 *   f32[count]    per-vector dequantisation scale
 *   u32[count]    frequency rank of each word in the source vocabulary (0 = most frequent)
 *   i8[count*dims] quantised vectors (value = int8 * scale); vectors are unit length after dequantisation
 *   utf8          vocabulary, words joined by "\n", in the same order as the vectors
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WORD_VECTORS_MAGIC = "TWV1";
export const WORD_VECTORS_VERSION = 1;
export const HEADER_BYTES = 24;

/** Default artifact, relative to the repository root. */
export const DEFAULT_VECTORS_FILE = "data/vectors/wordvec-en-100d-int8.bin";

export interface WordVectorTable {
  readonly path: string;
  readonly dims: number;
  readonly count: number;
  /** Size of the source vocabulary the ranks refer to (for frequency estimates). */
  readonly sourceVocabSize: number;
  readonly scales: Float32Array;
  readonly ranks: Uint32Array;
  readonly data: Int8Array;
  readonly words: readonly string[];
  /** Index of a word, or -1. */
  indexOf(word: string): number;
  /** Adds `weight * vector(index)` into `out` (length >= dims). */
  addTo(out: Float32Array, index: number, weight: number): void;
  /** Cosine similarity of two entries (vectors are unit length). */
  cosine(a: number, b: number): number;
}

export interface EncodedWordVectors {
  readonly dims: number;
  readonly words: readonly string[];
  readonly ranks: readonly number[];
  readonly scales: Float32Array;
  readonly data: Int8Array;
}

/** Serialises a quantised table into the artifact format. */
export function encodeWordVectors(t: EncodedWordVectors): Buffer {
  const count = t.words.length;
  if (t.scales.length !== count || t.ranks.length !== count || t.data.length !== count * t.dims) {
    throw new Error("encodeWordVectors: inconsistent lengths");
  }
  for (const w of t.words) if (w.includes("\n") || w.length === 0) throw new Error(`invalid word ${JSON.stringify(w)}`);
  const vocab = Buffer.from(t.words.join("\n"), "utf8");
  const total = HEADER_BYTES + count * 4 + count * 4 + count * t.dims + vocab.length;
  const buf = Buffer.alloc(total);
  buf.write(WORD_VECTORS_MAGIC, 0, "latin1");
  buf.writeUInt32LE(WORD_VECTORS_VERSION, 4);
  buf.writeUInt32LE(count, 8);
  buf.writeUInt32LE(t.dims, 12);
  buf.writeUInt32LE(vocab.length, 16);
  buf.writeUInt32LE(0, 20);
  let off = HEADER_BYTES;
  for (let i = 0; i < count; i++, off += 4) buf.writeFloatLE(t.scales[i] ?? 0, off);
  for (let i = 0; i < count; i++, off += 4) buf.writeUInt32LE(t.ranks[i] ?? 0, off);
  Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).copy(buf, off);
  off += count * t.dims;
  vocab.copy(buf, off);
  return buf;
}

/** Parses an artifact held in memory. Typed arrays are views (or aligned copies) over `buf`. */
export function decodeWordVectors(buf: Buffer, path = "<memory>"): WordVectorTable {
  if (buf.length < HEADER_BYTES || buf.toString("latin1", 0, 4) !== WORD_VECTORS_MAGIC) {
    throw new Error(`${path}: not a word-vector table (bad magic)`);
  }
  const version = buf.readUInt32LE(4);
  if (version !== WORD_VECTORS_VERSION) throw new Error(`${path}: unsupported word-vector format version ${version}`);
  const count = buf.readUInt32LE(8);
  const dims = buf.readUInt32LE(12);
  const vocabBytes = buf.readUInt32LE(16);
  const expected = HEADER_BYTES + count * 8 + count * dims + vocabBytes;
  if (buf.length !== expected) throw new Error(`${path}: truncated or corrupt word-vector table`);

  const base = buf.byteOffset;
  const ab = buf.buffer;
  const f32At = (off: number, n: number): Float32Array =>
    (base + off) % 4 === 0 ? new Float32Array(ab, base + off, n) : new Float32Array(buf.buffer.slice(base + off, base + off + n * 4));
  const u32At = (off: number, n: number): Uint32Array =>
    (base + off) % 4 === 0 ? new Uint32Array(ab, base + off, n) : new Uint32Array(buf.buffer.slice(base + off, base + off + n * 4));

  let off = HEADER_BYTES;
  const scales = f32At(off, count);
  off += count * 4;
  const ranks = u32At(off, count);
  off += count * 4;
  const data = new Int8Array(ab, base + off, count * dims);
  off += count * dims;
  const words = buf.toString("utf8", off, off + vocabBytes).split("\n");
  if (words.length !== count) throw new Error(`${path}: vocabulary size mismatch`);

  const index = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const w = words[i] as string;
    if (!index.has(w)) index.set(w, i);
  }
  let maxRank = 0;
  for (let i = 0; i < count; i++) if ((ranks[i] as number) > maxRank) maxRank = ranks[i] as number;

  return {
    path,
    dims,
    count,
    sourceVocabSize: maxRank + 1,
    scales,
    ranks,
    data,
    words,
    indexOf: (word) => index.get(word) ?? -1,
    addTo(out, i, weight) {
      const s = (scales[i] as number) * weight;
      const o = i * dims;
      for (let d = 0; d < dims; d++) out[d] = (out[d] as number) + s * (data[o + d] as number);
    },
    cosine(a, b) {
      const oa = a * dims;
      const ob = b * dims;
      let dot = 0;
      for (let d = 0; d < dims; d++) dot += (data[oa + d] as number) * (data[ob + d] as number);
      return dot * (scales[a] as number) * (scales[b] as number);
    },
  };
}

const cache = new Map<string, WordVectorTable>();

/** Repository root (two levels above this file: src/embeddings -> repo). */
export function defaultVectorsPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, "..", "..", DEFAULT_VECTORS_FILE);
}

/**
 * Loads (once per absolute path) a word-vector table. The table is immutable data shared by every
 * embedder that uses the same file.
 */
export function loadWordVectors(path: string = defaultVectorsPath()): WordVectorTable {
  const abs = resolve(path);
  const hit = cache.get(abs);
  if (hit) return hit;
  let buf: Buffer;
  try {
    buf = readFileSync(abs);
  } catch (err) {
    throw new Error(
      `word-vector table not found at ${abs}; regenerate it with scripts/build-word-vectors.ts (${(err as Error).message})`,
    );
  }
  const table = decodeWordVectors(buf, abs);
  cache.set(abs, table);
  return table;
}
