// Connect an account to its bank, in two steps with one action each: say which API and paste
// what the bank gave (a token, a consent, a setup token) and test it; then choose the account.
// What is typed goes to the app once and never comes back: the app keeps it in the keychain.
import { say } from "./i18n";
import type { BankChoice, ConnectRequest, ProfileChoice, Progress } from "./bindings";
import { actionButton, cancelButton, element } from "./dom";
import { formatDate } from "./format";

export type ConnectActions = {
  test(request: ConnectRequest): Promise<BankChoice[]>;
  connect(choice: number, label: string): Promise<void>;
};

type ProviderKind = ConnectRequest["provider"];

const PROVIDERS: { kind: ProviderKind; title: string; hint: string }[] = [
  {
    kind: "japan",
    title: say("日本の銀行のAPI", "Japanese bank API"),
    hint: say("銀行や電子決済等代行業者から受け取ったアクセストークンを使います。", "Uses the access token from your bank or its registered intermediary."),
  },
  {
    kind: "psd2",
    title: say("PSD2（欧州の銀行）", "PSD2 (European banks)"),
    hint: say("銀行で同意（コンセント）を作成し、そのIDとトークンを使います。", "Uses the consent you gave at your bank: its id and the token."),
  },
  {
    kind: "simpleFin",
    title: "SimpleFIN",
    hint: say("SimpleFINブリッジのセットアップトークンを使います（1回だけ使えます）。", "Uses a setup token from your SimpleFIN bridge (it works once)."),
  },
];

export function connectScreen(profiles: ProfileChoice[], actions: ConnectActions): HTMLElement {
  const section = element("section", "screen connect");
  section.id = "connect";
  section.setAttribute("aria-label", say("銀行とつなぐ", "Connect a bank"));
  section.append(
    element("h2", "", say("銀行とつなぐ", "Connect a bank")),
    element(
      "p",
      "lead",
      say("つないだ口座は、アプリが銀行から新しい取引を取り込み、身に覚えのない出金があればお知らせします。トークンはこのパソコンの鍵束（キーチェーン）にだけ保管します。", "A connected account's new transactions are pulled from the bank, and you are told of any unfamiliar withdrawal. Tokens are kept only in this computer's keychain."),
    ),
  );
  const form = element("form", "store-form connect-form");
  const chooser = element("fieldset", "providers");
  chooser.append(element("legend", "", say("どの方式ですか", "Which kind of connection?")));
  const panels = new Map<ProviderKind, HTMLElement>();
  for (const [index, provider] of PROVIDERS.entries()) {
    const id = `provider-${provider.kind}`;
    const radio = element("input");
    radio.type = "radio";
    radio.name = "provider";
    radio.value = provider.kind;
    radio.id = id;
    radio.checked = index === 0;
    const label = element("label", "choice", provider.title);
    label.htmlFor = id;
    label.prepend(radio);
    chooser.append(label);
    radio.addEventListener("change", () => showPanel(provider.kind));
  }
  form.append(chooser);

  const japan = panel("japan", PROVIDERS[0]!.hint);
  const profile = element("select");
  profile.id = "bank-profile";
  for (const choice of profiles) {
    const option = element("option", "", choice.name);
    option.value = choice.id;
    profile.append(option);
  }
  field(japan, "bank-profile", say("銀行", "Bank"), profile);
  const japanToken = input(japan, "japan-token", say("アクセストークン", "Access token"), "password");
  const advanced = element("details", "advanced");
  advanced.append(element("summary", "", say("接続先を変える（支店・検証用）", "Another address (branch or test server)")));
  // <details> does not lay its content out as a grid in WebKit: the fields get their own box.
  const advancedFields = element("div", "advanced-fields");
  advanced.append(advancedFields);
  const japanUrl = input(advancedFields, "japan-base-url", say("APIのアドレス", "API address"), "url");
  const showDefaultAddress = () => {
    japanUrl.placeholder = profiles.find((p) => p.id === profile.value)?.baseUrl ?? "";
  };
  profile.addEventListener("change", showDefaultAddress);
  showDefaultAddress();
  japan.append(advanced);

  const psd2 = panel("psd2", PROVIDERS[1]!.hint);
  const psd2Url = input(psd2, "psd2-base-url", say("APIのアドレス（/v1 の前まで）", "API address (before /v1)"), "url");
  const psd2Token = input(psd2, "psd2-token", say("トークン", "Bearer token"), "password");
  const psd2Consent = input(psd2, "psd2-consent", say("同意ID", "Consent id"), "password");

  const simpleFin = panel("simpleFin", PROVIDERS[2]!.hint);
  const setupToken = input(simpleFin, "simplefin-token", say("セットアップトークン", "Setup token"), "password");

  panels.set("japan", japan).set("psd2", psd2).set("simpleFin", simpleFin);
  form.append(japan, psd2, simpleFin);
  function showPanel(kind: ProviderKind): void {
    for (const [key, node] of panels) node.hidden = key !== kind;
  }
  showPanel("japan");

  const test = actionButton("primary", say("接続を確かめる", "Test the connection"), "test-connection");
  test.type = "submit";
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  const status = element("p", "hint");
  status.setAttribute("role", "status");
  form.append(test, status, problem);
  section.append(form);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const kind = (form.querySelector<HTMLInputElement>('input[name="provider"]:checked')?.value ?? "japan") as ProviderKind;
    const request = requestFor(kind);
    const missing = missingField(request);
    if (missing) return void (problem.textContent = missing);
    test.disabled = true;
    problem.textContent = "";
    status.textContent = say("銀行に問い合わせています…", "Asking the bank…");
    actions
      .test(request)
      .then((choices) => {
        // What was typed is not needed on the page any more.
        for (const secret of [japanToken, psd2Token, psd2Consent, setupToken]) secret.value = "";
        section.replaceChildren(...chooseAccount(choices, actions).children);
        section.querySelector<HTMLInputElement>("#account-label")?.focus();
      })
      .catch((error: { message?: string }) => {
        problem.textContent = String(error?.message ?? error);
      })
      .finally(() => {
        test.disabled = false;
        status.textContent = "";
      });
  });

  function requestFor(kind: ProviderKind): ConnectRequest {
    switch (kind) {
      case "japan":
        return { provider: "japan", profile: profile.value, baseUrl: japanUrl.value.trim() || null, token: japanToken.value };
      case "psd2":
        return { provider: "psd2", baseUrl: psd2Url.value.trim(), token: psd2Token.value, consentId: psd2Consent.value, frequencyPerDay: null };
      case "simpleFin":
        return { provider: "simpleFin", setupToken: setupToken.value };
    }
  }
  return section;
}

/** What is still to be filled in, or null. */
export function missingField(request: ConnectRequest): string | null {
  const empty = (text: string) => text.trim() === "";
  switch (request.provider) {
    case "japan":
      return empty(request.token) ? say("アクセストークンを入力してください。", "Enter the access token.") : null;
    case "psd2":
      if (empty(request.baseUrl)) return say("APIのアドレスを入力してください。", "Enter the API address.");
      if (empty(request.token) || empty(request.consentId))
        return say("トークンと同意IDを入力してください。", "Enter the token and the consent id.");
      return null;
    case "simpleFin":
      return empty(request.setupToken) ? say("セットアップトークンを入力してください。", "Enter the setup token.") : null;
  }
}

/** Step two: the accounts the credentials can read; one is chosen and named. */
function chooseAccount(choices: BankChoice[], actions: ConnectActions): HTMLElement {
  const section = element("section");
  section.append(element("h2", "", say("どの口座をつなぎますか", "Which account?")));
  const form = element("form", "store-form");
  const list = element("fieldset", "providers");
  list.append(element("legend", "", say("銀行が示した口座", "The accounts the bank lists")));
  const label = element("input");
  label.id = "account-label";
  label.type = "text";
  for (const choice of choices) {
    const id = `bank-account-${choice.index}`;
    const radio = element("input");
    radio.type = "radio";
    radio.name = "bank-account";
    radio.value = String(choice.index);
    radio.id = id;
    radio.checked = choice.index === 0;
    radio.addEventListener("change", () => (label.value = choice.label));
    const text = [choice.bank, choice.name, choice.numberMasked, choice.currency].filter(Boolean).join(" ");
    const item = element("label", "choice", text);
    item.htmlFor = id;
    item.prepend(radio);
    list.append(item);
  }
  label.value = choices[0]?.label ?? "";
  form.append(list);
  const name = element("label", "", say("この口座の呼び名", "A name for this account"));
  name.htmlFor = "account-label";
  form.append(name, label);
  const connect = actionButton("primary", say("この口座をつなぐ", "Connect this account"), "connect-account");
  connect.type = "submit";
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  form.append(connect, problem);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = Number(form.querySelector<HTMLInputElement>('input[name="bank-account"]:checked')?.value ?? 0);
    connect.disabled = true;
    problem.textContent = "";
    actions.connect(chosen, label.value).catch((error: { message?: string }) => {
      problem.textContent = String(error?.message ?? error);
      connect.disabled = false;
    });
  });
  section.append(form);
  return section;
}

/** The sync's progress: rows so far and how far through the period. */
export function syncScreen(cancel: () => void): { node: HTMLElement; update(account: string, progress: Progress): void } {
  const section = element("section", "screen sync");
  section.id = "sync";
  section.setAttribute("aria-label", say("同期", "Sync"));
  section.append(element("h2", "", say("銀行から取り込んでいます", "Pulling from the bank")));
  const bar = element("progress");
  bar.id = "sync-progress";
  bar.max = 1;
  const words = element("p", "lead");
  words.setAttribute("role", "status");
  words.textContent = say("銀行に問い合わせています…", "Asking the bank…");
  section.append(bar, words, cancelButton("cancel-sync", cancel));
  return {
    node: section,
    update(account, progress) {
      bar.value = fraction(progress);
      const reached = progress.reached ? formatDate(progress.reached) : "—";
      words.textContent = `${account}: ${say(`${progress.rows}件、${reached}まで`, `${progress.rows} rows, up to ${reached}`)}`;
    },
  };
}

/** How far through its period a pull is, from 0 to 1. */
export function fraction(progress: Progress): number {
  if (!progress.reached) return 0;
  const day = (text: string) => Date.parse(`${text}T00:00:00Z`);
  const span = day(progress.until) - day(progress.from);
  if (span <= 0) return 1;
  return Math.min(1, Math.max(0, (day(progress.reached) - day(progress.from)) / span));
}

function panel(kind: ProviderKind, hint: string): HTMLElement {
  const node = element("div", "provider-panel");
  node.dataset.provider = kind;
  node.append(element("p", "hint", hint));
  return node;
}

function field(parent: HTMLElement, id: string, text: string, control: HTMLElement): void {
  const label = element("label", "", text);
  label.htmlFor = id;
  parent.append(label, control);
}

function input(parent: HTMLElement, id: string, text: string, type: string): HTMLInputElement {
  const node = element("input");
  node.id = id;
  node.type = type;
  node.autocomplete = "off";
  node.spellcheck = false;
  field(parent, id, text, node);
  return node;
}
