import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import matter from "gray-matter";
import { MarkdownTextSplitter, RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { z } from "zod";
import { KnowledgeCategory, type KnowledgeChunk } from "./schemas.js";

/** File types the ingester reads; anything else is reported and skipped. */
export const SUPPORTED_EXTENSIONS = [".md", ".markdown", ".txt", ".json", ".jsonl"] as const;

/** One knowledge document; a JSON/JSONL file may hold several. */
export interface KnowledgeDocument {
  title: string;
  category: KnowledgeCategory;
  tags: string[];
  /** Sections in reading order; each becomes the citation of its chunks. */
  sections: { heading: string; text: string }[];
}

export interface LoadedKnowledgeFile {
  /** The path recorded as citation source: relative to the working directory when inside it. */
  source: string;
  /** Hash of the whole file: unchanged files are skipped on re-ingestion. */
  fileHash: string;
  chunks: KnowledgeChunk[];
}

export class KnowledgeFileError extends Error {
  override name = "KnowledgeFileError";
}

const JsonRecord = z.object({
  id: z.string().optional(),
  title: z.string().min(1),
  text: z.string().min(1),
  section: z.string().optional(),
  category: z.string().optional(),
  tags: z.array(z.string()).optional(),
});

const CHUNK_SIZE = 900;
const CHUNK_OVERLAP = 120;
const markdownSplitter = new MarkdownTextSplitter({ chunkSize: CHUNK_SIZE, chunkOverlap: CHUNK_OVERLAP });
const textSplitter = new RecursiveCharacterTextSplitter({ chunkSize: CHUNK_SIZE, chunkOverlap: CHUNK_OVERLAP });

/** Reads, parses and chunks one file. Throws KnowledgeFileError with a reason fit to show the user. */
export async function loadKnowledgeFile(filePath: string): Promise<LoadedKnowledgeFile> {
  const extension = path.extname(filePath).toLowerCase();
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new KnowledgeFileError(`unsupported file type "${extension || "(none)"}" (supported: ${SUPPORTED_EXTENSIONS.join(", ")})`);
  }
  let raw: Buffer;
  try {
    raw = await fs.readFile(filePath);
  } catch (error) {
    throw new KnowledgeFileError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const text = raw.toString("utf8");
  if (text.includes("\u0000")) throw new KnowledgeFileError("looks like a binary file, not text");
  if (text.trim() === "") throw new KnowledgeFileError("the file is empty");

  const source = sourceName(filePath);
  const documents = parseDocuments(text, extension, path.basename(filePath));
  const chunks: KnowledgeChunk[] = [];
  for (const document of documents) {
    for (const section of document.sections) {
      const splitter = extension === ".md" || extension === ".markdown" ? markdownSplitter : textSplitter;
      for (const piece of await splitter.splitText(section.text)) {
        const chunkIndex = chunks.length;
        chunks.push({
          id: `${source}#${chunkIndex}`,
          text: piece,
          source,
          title: document.title,
          section: section.heading,
          category: document.category,
          tags: document.tags,
          contentHash: sha256(piece),
          chunkIndex,
        });
      }
    }
  }
  if (chunks.length === 0) throw new KnowledgeFileError("no text to ingest");
  return { source, fileHash: sha256(text), chunks };
}

/** Expands files and folders (recursively) into the files to ingest, sorted. */
export async function listKnowledgeFiles(paths: string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  for (const entry of paths) {
    let stat;
    try {
      stat = await fs.stat(entry);
    } catch {
      missing.push(entry);
      continue;
    }
    if (stat.isDirectory()) {
      for (const name of await fs.readdir(entry, { recursive: true })) {
        const full = path.join(entry, name);
        if (!path.basename(full).startsWith(".") && (await fs.stat(full)).isFile()) files.push(full);
      }
    } else {
      files.push(entry);
    }
  }
  return { files: [...new Set(files)].sort(), missing };
}

export function sourceName(filePath: string): string {
  const relative = path.relative(process.cwd(), path.resolve(filePath));
  const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
  return (inside ? relative : path.resolve(filePath)).split(path.sep).join("/");
}

function parseDocuments(text: string, extension: string, fileName: string): KnowledgeDocument[] {
  switch (extension) {
    case ".md":
    case ".markdown":
      return [parseMarkdown(text, fileName)];
    case ".txt":
      return [parsePlainText(text, fileName)];
    case ".json":
      return parseJson(text);
    default:
      return parseJsonLines(text);
  }
}

function parseMarkdown(text: string, fileName: string): KnowledgeDocument {
  let parsed;
  try {
    parsed = matter(text);
  } catch (error) {
    throw new KnowledgeFileError(`invalid front matter: ${(error as Error).message.split("\n")[0]!.replace(/:\s*$/, "")}`);
  }
  const front = parsed.data as Record<string, unknown>;
  const body = parsed.content;
  const firstHeading = /^#\s+(.+)$/m.exec(body)?.[1]?.trim();
  const title = stringOr(front.title, firstHeading ?? titleFromFileName(fileName));
  return { title, category: categoryOf(front.category), tags: tagsOf(front.tags), sections: markdownSections(body, title) };
}

/** Splits Markdown at its level-1 to level-3 headings; text before the first heading belongs to the title. */
function markdownSections(body: string, title: string): KnowledgeDocument["sections"] {
  const sections: KnowledgeDocument["sections"] = [];
  let heading = title;
  let lines: string[] = [];
  const flush = () => {
    const text = lines.join("\n").trim();
    if (text) sections.push({ heading, text });
    lines = [];
  };
  for (const line of body.split(/\r?\n/)) {
    const match = /^(#{1,3})\s+(.+?)\s*#*\s*$/.exec(line);
    if (match) {
      flush();
      heading = match[2]!;
    } else {
      lines.push(line);
    }
  }
  flush();
  return sections;
}

function parsePlainText(text: string, fileName: string): KnowledgeDocument {
  const [firstLine = "", ...rest] = text.trim().split(/\r?\n/);
  const hasTitleLine = firstLine.length <= 120 && rest.length > 0;
  const title = hasTitleLine ? firstLine.trim() : titleFromFileName(fileName);
  const body = hasTitleLine ? rest.join("\n") : text;
  return { title, category: "general", tags: [], sections: [{ heading: title, text: body.trim() }] };
}

function parseJson(text: string): KnowledgeDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new KnowledgeFileError(`invalid JSON: ${(error as Error).message}`);
  }
  const records = Array.isArray(value) ? value : [value];
  return records.map((record, index) => jsonRecordToDocument(record, `record ${index + 1}`));
}

function parseJsonLines(text: string): KnowledgeDocument[] {
  const documents: KnowledgeDocument[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new KnowledgeFileError(`line ${index + 1} is not valid JSON: ${(error as Error).message}`);
    }
    documents.push(jsonRecordToDocument(value, `line ${index + 1}`));
  });
  return documents;
}

function jsonRecordToDocument(value: unknown, where: string): KnowledgeDocument {
  const parsed = JsonRecord.safeParse(value);
  if (!parsed.success) {
    throw new KnowledgeFileError(`${where} needs {"title", "text"} strings:\n${z.prettifyError(parsed.error)}`);
  }
  const record = parsed.data;
  return {
    title: record.title,
    category: categoryOf(record.category),
    tags: tagsOf(record.tags),
    sections: [{ heading: record.section ?? record.title, text: record.text }],
  };
}

function categoryOf(value: unknown): KnowledgeCategory {
  const parsed = KnowledgeCategory.safeParse(typeof value === "string" ? value.toLowerCase() : value);
  return parsed.success ? parsed.data : "general";
}

function tagsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String).map((t) => t.trim().toLowerCase()).filter(Boolean);
  if (typeof value === "string") return value.split(",").map((t) => t.trim().toLowerCase()).filter(Boolean);
  return [];
}

const stringOr = (value: unknown, fallback: string) => (typeof value === "string" && value.trim() ? value.trim() : fallback);
const titleFromFileName = (fileName: string) =>
  fileName.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ").replace(/^\w/, (c) => c.toUpperCase());
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
