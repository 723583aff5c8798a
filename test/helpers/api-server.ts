import { inject } from "vitest";
import type {} from "../setup/api-server-global-setup.js";

/** The URL of the run's shared LangGraph API server (test/setup/api-server-global-setup.ts). */
export function sharedApiServerUrl(): string {
  const url = inject("apiServerUrl");
  if (!url) throw new Error("no shared API server in this run: add this file to API_SERVER_SUITES in test/setup/api-server-global-setup.ts");
  return url;
}
