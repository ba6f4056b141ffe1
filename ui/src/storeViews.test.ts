import { keyLostScreen, passphraseProblem, recoveryPhraseScreen, setupScreen, unlockScreen } from "./storeViews";

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("the first start", () => {
  it("with a keychain, one button makes the store", async () => {
    const created: (string | null)[] = [];
    const screen = setupScreen(true, async (passphrase) => {
      created.push(passphrase);
    });
    expect(screen.querySelector("input")).toBeNull();
    screen.querySelector<HTMLButtonElement>("#create-store")!.click();
    await flush();
    expect(created).toEqual([null]);
  });

  it("without a keychain, asks for a passphrase twice and checks it before creating", async () => {
    const created: (string | null)[] = [];
    const screen = setupScreen(false, async (passphrase) => {
      created.push(passphrase);
    });
    document.body.replaceChildren(screen);
    expect(screen.textContent).toContain("鍵束（キーチェーン）が使えません");
    const [first, second] = screen.querySelectorAll("input");
    first!.value = "short";
    second!.value = "short";
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(created).toEqual([]);
    expect(screen.querySelector(".form-problem")!.textContent).toContain("8文字以上");

    first!.value = "umi to yama";
    second!.value = "umi to yama";
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(created).toEqual(["umi to yama"]);
  });

  it("names what is wrong with a new passphrase", () => {
    expect(passphraseProblem("12345678", "12345678")).toBeNull();
    expect(passphraseProblem("1234567", "1234567")).toContain("at least 8");
    expect(passphraseProblem("12345678", "12345679")).toContain("differ");
  });

  it("shows the recovery phrase once, large, and moves on when it is written down", () => {
    let done = false;
    const screen = recoveryPhraseScreen("ABCD-EFGH", () => {
      done = true;
    });
    expect(screen.querySelector("[data-testid=recovery-phrase]")!.textContent).toBe("ABCD-EFGH");
    screen.querySelector<HTMLButtonElement>("#phrase-written")!.click();
    expect(done).toBe(true);
  });
});

describe("a locked store", () => {
  it("shows a wrong passphrase as a plain sentence under the form", async () => {
    const screen = unlockScreen(async () => {
      throw { code: "wrongKey", message: "the key or passphrase does not open this store" };
    });
    document.body.replaceChildren(screen);
    screen.querySelector("input")!.value = "nope";
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(screen.querySelector("[role=alert]")!.textContent).toContain("check what you typed");
    expect(screen.querySelector<HTMLButtonElement>("#unlock-store")!.disabled).toBe(false);
  });

  it("offers the recovery phrase, and setting the old data aside only behind a second look", async () => {
    const recovered: string[] = [];
    let setAside = false;
    const screen = keyLostScreen(
      async (phrase) => {
        recovered.push(phrase);
      },
      async () => {
        setAside = true;
      },
    );
    document.body.replaceChildren(screen);
    screen.querySelector<HTMLInputElement>("#recovery-phrase-input")!.value = "ABCD-EFGH";
    screen.querySelector("form")!.requestSubmit();
    await flush();
    expect(recovered).toEqual(["ABCD-EFGH"]);
    expect(screen.querySelector("details")!.open).toBe(false);
    screen.querySelector<HTMLButtonElement>("#set-aside-store")!.click();
    await flush();
    expect(setAside).toBe(true);
  });
});
