import { describe, expect, it, vi } from "vitest";
import { importScreen, progressText } from "./importView";

describe("the import's progress", () => {
  it("moves without a fraction as a file opens, then shows how far it is read and the rows saved", () => {
    const shown = importScreen(vi.fn());
    const bar = shown.node.querySelector<HTMLProgressElement>("#import-progress")!;
    expect(bar.hasAttribute("value")).toBe(false);
    shown.update({ stage: "reading", file: 2, files: 2, name: "b.csv", read: 0, total: 0 });
    expect(bar.hasAttribute("value")).toBe(false);
    const words = shown.node.querySelector("[role=status]")?.textContent;
    expect(words).toBe("ファイル 2/2（b.csv）を読んでいます… Reading file 2 of 2 (b.csv)…");
    shown.update({ stage: "reading", file: 2, files: 2, name: "b.csv", read: 250, total: 1000 });
    expect(bar.value).toBeCloseTo(0.25);
    expect(shown.node.querySelector("[role=status]")?.textContent).toBe(words);
    shown.update({ stage: "saving", saved: 50_000, rows: 100_000 });
    expect(bar.value).toBeCloseTo(0.5);
    expect(progressText({ stage: "saving", saved: 50_000, rows: 100_000 })).toBe(
      "保存しています: 50,000 / 100,000件 Saving: 50,000 of 100,000 rows",
    );
  });

  it("stops when asked, once, and says it is stopping", () => {
    const cancel = vi.fn();
    const shown = importScreen(cancel);
    const button = shown.node.querySelector<HTMLButtonElement>("#cancel-import")!;
    button.click();
    button.click();
    expect(cancel).toHaveBeenCalledTimes(1);
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe("取り消しています… Cancelling…");
  });
});
