import { createI18n } from "../i18n/i18n";
import { longInstant } from "../reports/report-view";
import { LEARNING_GOALS_IN_EXPORT } from "./export-learning-goals.server";
import type { ExportContext, ExportEntry } from "./export.server";

/** LEESMIJ.txt: what the export holds, file by file, and what it does not hold yet. */
export function readmeFile(context: ExportContext, entries: ExportEntry[]): ExportEntry {
  const path = context.uniquePath(context.language === "en" ? "README.txt" : "LEESMIJ.txt");
  return {
    path,
    compress: true,
    async make() {
      const t = createI18n(context.language).t;
      const lines = [
        t("yourData.readme.title", { name: context.user.name }),
        t("yourData.readme.made", { date: longInstant(context.now.toISOString(), context.language) }),
        "",
        t("yourData.readme.contents"),
        ...[path, ...entries.map((e) => e.path)].map((p) => `  ${p}`),
        "",
        t("yourData.readme.explainAccount"),
        t("yourData.readme.explainReports"),
        t("yourData.readme.explainAgreements"),
        t("yourData.readme.explainGoals"),
        t("yourData.readme.explainPrivate"),
        t("yourData.readme.explainAudit"),
        "",
        LEARNING_GOALS_IN_EXPORT ? "" : t("yourData.export.slot"),
        t("yourData.readme.csv"),
      ];
      return lines.join("\r\n") + "\r\n";
    },
  };
}
