/**
 * npm run ingest -- <files or folders> [--prune]
 * Loads Markdown, text and JSON/JSONL knowledge into semantic memory, idempotently.
 */
import { Command } from "commander";
import cliProgress from "cli-progress";
import { loadSettings } from "../src/config/settings.js";
import { openMemory } from "../src/memory/open.js";
import { ingestKnowledge } from "../src/memory/ingest.js";
import { SUPPORTED_EXTENSIONS } from "../src/memory/knowledge-files.js";
import { runCli } from "./run-cli.js";

const program = new Command("ingest")
  .description(`Load knowledge files (${SUPPORTED_EXTENSIONS.join(", ")}) into the knowledge base`)
  .argument("<paths...>", "files or folders to ingest (folders are read recursively)")
  .option("--prune", "remove chunks of files under the given folders that no longer exist", false)
  .option("--no-progress", "do not draw a progress bar");

runCli(async () => {
  program.parse();
  const paths = program.args;
  const options = program.opts<{ prune: boolean; progress: boolean }>();
  const opened = await openMemory(loadSettings());
  try {
    const bar = options.progress && process.stderr.isTTY
      ? new cliProgress.SingleBar({ format: "ingesting [{bar}] {value}/{total} {file}", hideCursor: true }, cliProgress.Presets.shades_classic)
      : undefined;
    const summary = await ingestKnowledge(opened.memory.semantic, paths, {
      prune: options.prune,
      onProgress: ({ file, index, total }) => {
        if (!bar) return;
        if (index === 0) bar.start(total, 0, { file });
        bar.update(index + 1, { file });
      },
    });
    bar?.stop();
    for (const { file, reason } of summary.skipped) console.error(`skipped ${file}: ${reason}`);
    for (const source of summary.sourcesRemoved) console.log(`pruned ${source}`);
    console.log(
      `files: ${summary.files} (${summary.filesAdded} added, ${summary.filesReplaced} replaced, ${summary.filesUnchanged} unchanged, ${summary.skipped.length} skipped)\n` +
        `chunks: ${summary.chunksAdded} added, ${summary.chunksReplaced} replaced, ${summary.chunksSkipped} skipped (unchanged), ${summary.chunksRemoved} removed\n` +
        `time: ${(summary.ms / 1000).toFixed(2)} s; knowledge base now holds ${await opened.memory.semantic.count()} chunks`,
    );
    return summary.skipped.length > 0 && summary.files === summary.skipped.length ? 1 : 0;
  } finally {
    opened.close();
  }
});
