import type { LspFeature } from "../feature.js";
import { debugInfoFeature } from "./debug-info.js";
import { suppressFeature } from "./suppress.js";

/** Every feature the server offers. Add yours here (one line) and in its own file next to this one. */
export const FEATURES: readonly LspFeature[] = [suppressFeature, debugInfoFeature];
