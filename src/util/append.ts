import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Appends text to a file, making its folder first only when it is missing: logs are appended on every turn, and a
 * `mkdir` before each append is a system call per line for a folder that almost always exists.
 */
export async function appendCreatingFolder(file: string, text: string): Promise<void> {
  try {
    await appendFile(file, text, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text, "utf8");
  }
}
