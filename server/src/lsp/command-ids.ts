/** Every workspace/executeCommand id seclsp knows; only the implemented ones are registered. */
export const CommandIds = {
  explain: "seclsp.explain",
  repair: "seclsp.repair",
  generate: "seclsp.generate",
  scanWorkspace: "seclsp.scanWorkspace",
  runCodeql: "seclsp.runCodeql",
  exportSarif: "seclsp.exportSarif",
  loadSarif: "seclsp.loadSarif",
  showDataFlow: "seclsp.showDataFlow",
  debugInfo: "seclsp.debugInfo",
  addModel: "seclsp.addModel",
} as const;

export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
