import { KnowledgeFileError, listKnowledgeFiles, loadKnowledgeFile, sourceName } from "./knowledge-files.js";
import type { KnowledgeChunk } from "./schemas.js";
import { ADD_BATCH, type SemanticMemory } from "./semantic.js";

export interface IngestOptions {
  /** Remove chunks of sources under the given folders whose files are gone. */
  prune?: boolean;
  onProgress?: (event: { file: string; index: number; total: number }) => void;
}

export interface IngestSummary {
  files: number;
  filesAdded: number;
  filesReplaced: number;
  filesUnchanged: number;
  chunksAdded: number;
  chunksReplaced: number;
  chunksSkipped: number;
  chunksRemoved: number;
  sourcesRemoved: string[];
  skipped: { file: string; reason: string }[];
  ms: number;
}

/**
 * Loads files and folders into semantic memory. Idempotent: an unchanged file
 * adds nothing, a changed file replaces its chunks, and with `prune` the chunks of
 * files that are gone are removed. A bad file is reported and skipped.
 */
export async function ingestKnowledge(semantic: SemanticMemory, paths: string[], options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const summary: IngestSummary = {
    files: 0,
    filesAdded: 0,
    filesReplaced: 0,
    filesUnchanged: 0,
    chunksAdded: 0,
    chunksReplaced: 0,
    chunksSkipped: 0,
    chunksRemoved: 0,
    sourcesRemoved: [],
    skipped: [],
    ms: 0,
  };
  const { files, missing } = await listKnowledgeFiles(paths);
  for (const path of missing) summary.skipped.push({ file: path, reason: "no such file or folder" });
  const known = await semantic.sources();
  const seen = new Set<string>();
  let fresh: { source: string; fileHash: string; chunks: KnowledgeChunk[] }[] = [];
  let freshChunks = 0;
  // One write in flight while the next files are read and chunked; a failed write surfaces at the next flush.
  let writing: Promise<void> = Promise.resolve();
  const flushFresh = async () => {
    const batch = fresh;
    fresh = [];
    freshChunks = 0;
    await writing;
    writing = semantic.addSources(batch);
    writing.catch(() => undefined); // awaited at the next flush or at the end; this only marks it handled meanwhile
  };

  for (const [index, file] of files.entries()) {
    options.onProgress?.({ file, index, total: files.length });
    summary.files += 1;
    let loaded;
    try {
      loaded = await loadKnowledgeFile(file);
    } catch (error) {
      if (!(error instanceof KnowledgeFileError)) throw error;
      summary.skipped.push({ file, reason: error.message });
      // A file that exists but cannot be read keeps its old chunks: nothing stored is lost.
      seen.add(sourceName(file));
      continue;
    }
    seen.add(loaded.source);
    const before = known.get(loaded.source);
    if (before?.fileHash === loaded.fileHash) {
      summary.filesUnchanged += 1;
      summary.chunksSkipped += before.chunkCount;
      continue;
    }
    if (!before) {
      // New sources are written together, ADD_BATCH chunks per write (a first load is mostly new files).
      fresh.push(loaded);
      freshChunks += loaded.chunks.length;
      if (freshChunks >= ADD_BATCH) await flushFresh();
    } else {
      await semantic.replaceSource(loaded.source, loaded.fileHash, loaded.chunks);
    }
    if (before) {
      summary.filesReplaced += 1;
      summary.chunksReplaced += loaded.chunks.length;
      summary.chunksRemoved += before.chunkCount;
    } else {
      summary.filesAdded += 1;
      summary.chunksAdded += loaded.chunks.length;
    }
  }

  await flushFresh();
  await writing;

  if (options.prune) {
    const roots = paths.map((p) => sourceName(p).replace(/\/$/, ""));
    for (const [source, state] of known) {
      const underRoot = roots.some((root) => source === root || source.startsWith(`${root}/`));
      if (underRoot && !seen.has(source)) {
        await semantic.removeSource(source);
        summary.sourcesRemoved.push(source);
        summary.chunksRemoved += state.chunkCount;
      }
    }
  }
  summary.ms = performance.now() - started;
  return summary;
}
