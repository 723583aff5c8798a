export * from "./conversations.js";
export { ScriptedCustomer } from "./scripted-customer.js";
export { replayConversation, type ReplayResult } from "./replay.js";
export { summarizeReplay, ReplaySummary } from "./summary.js";
export { replayAll, type ReplayOptions } from "./run.js";
export { formatRoleTable } from "./table.js";
