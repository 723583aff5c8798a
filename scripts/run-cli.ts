import { SettingsError } from "../src/config/settings.js";
import { ChromaUnavailableError } from "../src/memory/chroma-connection.js";
import { EmbedderMismatchError } from "../src/memory/collections.js";
import { ConversationFileError } from "../src/replay/conversations.js";
import { ConfigurationError } from "../src/config/support-configuration.js";
import { PromptVersionError } from "../src/memory/procedural.js";
import { EvolutionConfigError } from "../src/prompts/evolution-config.js";

const EXPECTED = [SettingsError, ChromaUnavailableError, EmbedderMismatchError, ConversationFileError, ConfigurationError, PromptVersionError, EvolutionConfigError];

/**
 * Runs a script's main function; errors the user can act on are printed as one
 * clear line, anything else with its message (the stack only with DEBUG set).
 */
export function runCli(main: () => Promise<number | void>): void {
  main()
    .then((code) => {
      process.exitCode = code ?? 0;
    })
    .catch((error: unknown) => {
      const known = EXPECTED.some((type) => error instanceof type);
      const message = error instanceof Error ? error.message : String(error);
      console.error(known ? `error: ${message}` : `unexpected error: ${message}`);
      if (!known && process.env.DEBUG) console.error(error);
      process.exitCode = 1;
    });
}
