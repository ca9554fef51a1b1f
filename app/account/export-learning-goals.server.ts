import type { ExportPart } from "./export.server";

/**
 * The learning goals (the aios's IOP, issue #17) in the export: the slot for them. Koers does
 * not keep learning goals yet, so this part adds no file (the LEESMIJ says so). When #17
 * lands, this part returns e.g. `leerdoelen.csv` (and a Markdown overview) for the pairs the
 * person is the aios of, like export-portfolio.server.ts does for the agreements.
 */
export const learningGoalFiles: ExportPart = async () => [];

/** Whether the export holds learning goals yet (the LEESMIJ tells which). */
export const LEARNING_GOALS_IN_EXPORT = false;
