// The import's progress: which file is being read and how far, then how many rows are saved,
// with a button that stops it. Stopping keeps nothing, and the screen says so while it stops.
import type { ImportProgress } from "./bindings";
import { cancelButton, element } from "./dom";
import { say } from "./i18n";

export type ImportScreen = { node: HTMLElement; update(progress: ImportProgress): void };

export function importScreen(cancel: () => void): ImportScreen {
  const section = element("section", "screen importing");
  section.id = "importing";
  section.setAttribute("aria-label", say("読み込み", "Import"));
  section.append(element("h2", "", say("明細を読み込んでいます", "Importing statements")));
  const bar = element("progress");
  bar.id = "import-progress";
  bar.setAttribute("aria-label", say("読み込みの進み具合", "Import progress"));
  // Indeterminate until the first report.
  bar.removeAttribute("value");
  const words = element("p", "lead");
  words.setAttribute("role", "status");
  words.textContent = say("ファイルを待っています…", "Waiting for the files…");
  section.append(bar, words, cancelButton("cancel-import", cancel));
  return {
    node: section,
    update(progress) {
      words.textContent = progressText(progress);
      switch (progress.stage) {
        case "reading":
          // Until the rows' reading begins (opening and decoding the file) there is no fraction
          // to show: the bar moves without one rather than sit at 0 looking stuck. The words do
          // not repeat the fraction, so a screen reader is not told every step.
          if (progress.total > 0) {
            bar.max = 1;
            bar.value = progress.read / progress.total;
          } else {
            bar.removeAttribute("value");
          }
          break;
        case "saving":
          bar.max = 1;
          bar.value = progress.rows === 0 ? 1 : progress.saved / progress.rows;
          break;
      }
    },
  };
}

export function progressText(progress: ImportProgress): string {
  switch (progress.stage) {
    case "reading":
      return say(
        `ファイル ${progress.file}/${progress.files}（${progress.name}）を読んでいます…`,
        `Reading file ${progress.file} of ${progress.files} (${progress.name})…`,
      );
    case "saving":
      return say(
        `保存しています: ${progress.saved.toLocaleString("ja-JP")} / ${progress.rows.toLocaleString("ja-JP")}件`,
        `Saving: ${progress.saved.toLocaleString("en-US")} of ${progress.rows.toLocaleString("en-US")} rows`,
      );
  }
}
