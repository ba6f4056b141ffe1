// Settings: the language the app writes in first, and the size of its text. A choice takes
// effect at once, so a person sees what they chose; it is kept for next time (in a consultation,
// only until it ends). Also which data the app judges with, and a signed update of it.
import type { BranchContacts, DataStatus, DeclaredService, IpcError, Language, Preferences, TextSize } from "./bindings";
import { actionButton, element } from "./dom";
import { formatDataVersion } from "./format";
import { language, say } from "./i18n";

/** "auto" follows the computer's language. */
type LanguageChoice = Language | "auto";

const LANGUAGES: [LanguageChoice, string][] = [
  ["auto", "このパソコンに合わせる Same as this computer"],
  ["ja", "日本語（英語を併記） Japanese first"],
  ["en", "English first（日本語を併記）"],
];

const SIZES: [TextSize, string, string][] = [
  ["standard", "標準", "Standard"],
  ["large", "大きい", "Large"],
  ["largest", "とても大きい", "Largest"],
];

/** Shows the text size everywhere in the page: the root font size scales every rem. */
export function applyTextSize(size: TextSize): void {
  document.documentElement.dataset.textSize = size;
}

/**
 * `choose` keeps a choice and redraws the screen; it gets the id of the option chosen, to give it
 * the focus back. `saved` says the last choice was kept.
 */
export function settingsScreen(
  current: Preferences,
  saved: boolean,
  choose: (chosen: Preferences, changed: string) => Promise<void>,
): HTMLElement {
  const section = element("section", "screen settings");
  section.id = "settings";
  section.setAttribute("aria-label", say("設定", "Settings"));
  section.append(element("h2", "", say("設定", "Settings")));
  const problem = element("p", "form-problem");
  problem.setAttribute("role", "alert");
  const status = element("p", "settings-status", saved ? say("保存しました。", "Saved.") : "");
  status.setAttribute("role", "status");

  const save = async (next: Preferences, changed: string) => {
    problem.textContent = "";
    try {
      await choose(next, changed);
    } catch (error) {
      problem.textContent = String((error as { message?: string })?.message ?? error);
    }
  };

  section.append(
    radioGroup(
      "language",
      say("言語", "Language"),
      LANGUAGES.map(([value, text]) => [value, text]),
      current.language ?? "auto",
      (value, id) => void save({ ...current, language: value === "auto" ? null : (value as Language) }, id),
    ),
    radioGroup(
      "text-size",
      say("文字の大きさ", "Text size"),
      SIZES.map(([value, ja, en]) => [value, say(ja, en)]),
      current.textSize,
      (value, id) => void save({ ...current, textSize: value as TextSize }, id),
    ),
    element("p", "hint", say("選ぶとすぐに変わります。", "A choice takes effect at once.")),
    status,
    problem,
  );
  return section;
}

/** A set of radio buttons under one legend, each reachable by keyboard (arrow keys within). */
function radioGroup(
  name: string,
  legend: string,
  options: [string, string][],
  selected: string,
  onChoose: (value: string, id: string) => void,
): HTMLElement {
  const fieldset = element("fieldset", "choices");
  fieldset.append(element("legend", "", legend));
  for (const [value, text] of options) {
    const input = element("input");
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.id = `${name}-${value}`;
    input.checked = value === selected;
    input.addEventListener("change", () => {
      if (input.checked) onChoose(value, input.id);
    });
    const label = element("label", "choice");
    label.htmlFor = input.id;
    label.append(input, document.createTextNode(` ${text}`));
    fieldset.append(label);
  }
  return fieldset;
}

const USES: [string, string, string][] = [
  ["", "わからない・未回答", "Not said"],
  ["yes", "使っている", "I use it"],
  ["no", "使っていない", "I never use it"],
];

/**
 * "Services I use" for one account: each catalog service with what the holder says of it. A
 * service they use is not flagged for being new; one they never use is flagged at first sight.
 */
export function servicesSection(
  label: string,
  services: DeclaredService[],
  declare: (service: string, uses: boolean | null) => Promise<void>,
): HTMLElement {
  const fieldset = element("fieldset", "choices declared");
  fieldset.append(element("legend", "", `${say("使っているサービス", "Services I use")}: ${label}`));
  fieldset.append(
    element(
      "p",
      "hint",
      say(
        "使っているサービスは、新しいというだけでは確認対象にしません。使っていないサービスは、出金があればすぐにお知らせします。",
        "A service you use is not flagged just for being new; one you never use is flagged as soon as money goes to it.",
      ),
    ),
  );
  const status = element("p", "settings-status");
  status.setAttribute("role", "status");
  for (const { service, uses } of services) {
    const select = element("select");
    select.id = `uses-${label}-${service.id}`;
    select.dataset.service = service.id;
    for (const [value, ja, en] of USES) {
      const option = element("option", "", say(ja, en));
      option.value = value;
      select.append(option);
    }
    select.value = uses === null ? "" : uses ? "yes" : "no";
    const name = language() === "en" ? `${service.nameEn} (${service.nameJa})` : `${service.nameJa} (${service.nameEn})`;
    select.addEventListener("change", () => {
      const chosen = select.value === "" ? null : select.value === "yes";
      select.disabled = true;
      declare(service.id, chosen)
        .then(() => {
          status.textContent = `${name}: ${say("保存しました。", "Saved.")}`;
        })
        .catch((error: { message?: string }) => {
          status.textContent = `${name}: ${String(error?.message ?? error)}`;
        })
        .finally(() => {
          select.disabled = false;
        });
    });
    const row = element("label", "declared-service");
    row.htmlFor = select.id;
    row.append(element("span", "", name), select);
    fieldset.append(row);
  }
  fieldset.append(status);
  return fieldset;
}

/**
 * The contacts the guidance and the consultation sheet give, each with its source, and where a
 * branch adds its own (a file, so that numbers are checked by whoever edits them, not typed in
 * at a counter).
 */
export function contactsSection(contacts: BranchContacts): HTMLElement {
  const section = element("section", "choices contacts");
  section.setAttribute("aria-label", say("連絡先", "Contacts"));
  section.append(element("h3", "", say("相談票に載せる連絡先", "Contacts on the consultation sheet")));
  const list = element("ul", "contact-list");
  for (const contact of contacts.contacts) {
    const item = element("li");
    const name = language() === "en" ? `${contact.nameEn}（${contact.nameJa}）` : `${contact.nameJa}（${contact.nameEn}）`;
    item.append(
      element("p", "contact-name", `${name}: ${contact.phone}`),
      element("p", "source", `${say("出典", "Source")}: ${contact.source}`),
    );
    list.append(item);
  }
  section.append(list);
  if (contacts.file) {
    section.append(
      element(
        "p",
        "hint",
        `${say("支店の連絡先は次のファイルに追加できます（出典が必要です）", "A branch adds its own numbers, each with its source, in")}: ${contacts.file}`,
      ),
    );
  }
  return section;
}

/**
 * The service data the app judges with (the catalog of e-money services and the guidance): the
 * version in use, an update set aside at start and why, and one action, "update the service data",
 * which asks for a signed update file. `install` gives the data now in use, or null when the
 * person cancelled; it rejects with code dataUpdate when the update is refused, nothing changed.
 */
export function dataSection(status: DataStatus, install: () => Promise<DataStatus | null>): HTMLElement {
  const section = element("section", "choices data-update");
  section.setAttribute("aria-labelledby", "data-update-title");
  const result = element("div", "data-update-result");
  result.setAttribute("role", "status");
  const draw = (current: DataStatus) => {
    const title = element("h3", "", say("サービスのデータ", "The service data"));
    title.id = "data-update-title";
    const version = element("p", "data-version", `${say("使っているデータ版", "Data version in use")}: ${formatDataVersion(current.version)}`);
    version.id = "data-version";
    section.replaceChildren(
      title,
      element(
        "p",
        "hint",
        say(
          "電子マネーのサービスの一覧と、次にすることの案内です。確認の結果と相談票には、使ったデータ版が載ります。",
          "The list of e-money services and the guidance on what to do next. Every review and consultation sheet says which data version judged it.",
        ),
      ),
      version,
    );
    if (current.setAside) {
      // Why, in Japanese and then English, from the app: the built-in data is used meanwhile.
      const box = element("p", "problem set-aside", current.setAside);
      box.setAttribute("role", "alert");
      section.append(box);
    }
    if (!current.canInstall) {
      section.append(
        element("p", "hint", say("ここではデータを更新できません（相談中、またはデータを保存できないとき）。", "The data cannot be updated here: during a consultation, or when nothing can be saved.")),
        result,
      );
      return;
    }
    const button = actionButton("primary", say("データを更新する", "Update the service data"), "install-data", () => {
      button.disabled = true;
      result.replaceChildren(element("p", "", say("更新ファイルを選んでください…", "Choose the update file…")));
      install()
        .then((installed) => {
          if (installed === null) {
            result.replaceChildren();
            button.disabled = false;
            return;
          }
          draw(installed);
          result.replaceChildren(
            element(
              "p",
              "data-update-done",
              say("更新しました。これからの確認と相談票には、このデータ版を使います。", "Updated: from now on, reviews and sheets use this data version."),
            ),
          );
          document.getElementById("install-data")?.focus();
        })
        .catch((error: IpcError) => {
          const refused = error.code === "dataUpdate";
          const box = element(
            "p",
            "problem data-update-refused",
            `${refused ? say("更新しませんでした。何も変わっていません。", "Not updated: nothing changed.") : say("更新できませんでした。", "The data could not be updated.")}\n${error.message}`,
          );
          box.dataset.code = error.code;
          result.replaceChildren(box);
          button.disabled = false;
        });
    });
    section.append(
      button,
      element(
        "p",
        "hint",
        say(
          "銀行・支店から受け取った、署名付きの更新ファイル（.json）を選びます。署名を確かめられない更新や、今より新しくない更新は取り込まず、何も変えません。",
          "Choose the signed update file (.json) your bank or branch gave you. An update whose signature does not check out, or that is not newer, is refused and nothing changes.",
        ),
      ),
      result,
    );
  };
  draw(status);
  return section;
}
