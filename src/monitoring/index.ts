export * from "./schemas.js";
export * from "./thresholds.js";
export * from "./settings.js";
export * from "./alerts.js";
export * from "./logs.js";
export type { Monitor } from "./monitor.js";
export { FileMonitor } from "./file-monitor.js";
export { scoreRecordOf, turnMetricOf } from "./turn-metrics.js";
