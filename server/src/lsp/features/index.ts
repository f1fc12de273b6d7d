import type { LspFeature } from "../feature.js";
import { banditOnSaveFeature } from "./bandit-on-save.js";
import { codeqlOnSaveFeature } from "./codeql-on-save.js";
import { dataFlowFeature } from "./data-flow.js";
import { debugInfoFeature } from "./debug-info.js";
import { explainFeature } from "./explain.js";
import { generateFeature } from "./generate.js";
import { modelActionsFeature } from "./model-actions.js";
import { repairFeature } from "./repair.js";
import { sarifCommandsFeature } from "./sarif-commands.js";
import { suppressFeature } from "./suppress.js";
import { workspaceScanFeature } from "./workspace-scan.js";

/** Every feature the server offers. Add yours here (one line) and in its own file next to this one. */
export const FEATURES: readonly LspFeature[] = [
  suppressFeature,
  debugInfoFeature,
  codeqlOnSaveFeature,
  banditOnSaveFeature,
  sarifCommandsFeature,
  explainFeature,
  repairFeature,
  generateFeature,
  workspaceScanFeature,
  dataFlowFeature,
  modelActionsFeature,
];
