import type { LineAnswer } from "./bindings";
import { lineScreen } from "./lineView";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("what is this line", () => {
  it("sends the typed line and shows the answer in both languages, as text", async () => {
    const asked: string[] = [];
    const screen = lineScreen(async (line) => {
      asked.push(line);
      const answer: LineAnswer = {
        line,
        kind: "topUp",
        service: null,
        text: { ja: `「${line}」は ドコモ口座（d払い） への入金（チャージ）です。\n運営会社: 株式会社NTTドコモ`, en: "A top-up of docomo Koza." },
      };
      return answer;
    });
    document.body.replaceChildren(screen);
    screen.querySelector<HTMLInputElement>("#line-input")!.value = "<b>ﾃﾞｲｰﾊﾞﾗｲ</b>";
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(asked).toEqual(["<b>ﾃﾞｲｰﾊﾞﾗｲ</b>"]);
    const result = screen.querySelector("[data-testid=line-answer]")!;
    expect(result.querySelector(".line-kind")?.textContent).toContain("An e-money top-up.");
    expect([...result.querySelectorAll(".line-ja p")].map((p) => p.textContent)).toEqual([
      "「<b>ﾃﾞｲｰﾊﾞﾗｲ</b>」は ドコモ口座（d払い） への入金（チャージ）です。",
      "運営会社: 株式会社NTTドコモ",
    ]);
    expect(result.querySelector("b")).toBeNull();
  });

  it("shows a refusal under the form", async () => {
    const screen = lineScreen(async () => {
      throw { code: "line", message: "type one line from the passbook, up to 200 characters" };
    });
    document.body.replaceChildren(screen);
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(screen.querySelector(".form-problem")?.textContent).toContain("up to 200 characters");
  });
});
