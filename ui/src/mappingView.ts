// The mapping step: an export no layout reads is shown row by row, and the person says which
// column is the date, the text, the money out and in (or one signed amount), and the balance,
// and names the bank. The app then imports it and remembers the description for that bank, so
// the bank's next file reads without asking. It also asks for the first year when dates have
// none, and offers another encoding when the text does not decode.
import type { CellKind, MappedImport, Preview, PreviewChoice } from "./bindings";
import { actionButton, element } from "./dom";
import { say } from "./i18n";

export type MappingActions = {
  /** The preview again, decoded and split as chosen. */
  preview(choice: PreviewChoice): Promise<Preview>;
  /** Imports with the description; rejects with the reason when it does not fit. */
  importWith(request: MappedImport): Promise<void>;
  /** Gives up on the file; nothing of it was kept. */
  giveUp(): void;
};

/** The encodings offered: the detected one first ("automatic"), then those exports use. */
export const ENCODINGS = ["Shift_JIS", "UTF-8", "EUC-JP", "UTF-16LE", "UTF-16BE"];

/** Date forms offered when the importer does not read the column's dates by itself. */
export const DATE_FORMS: { format: string; example: string }[] = [
  { format: "%Y/%m/%d", example: "2020/09/04" },
  { format: "%Y-%m-%d", example: "2020-09-04" },
  { format: "%Y.%m.%d", example: "2020.09.04" },
  { format: "%d/%m/%Y", example: "04/09/2020" },
  { format: "%m/%d/%Y", example: "09/04/2020" },
  { format: "%d.%m.%Y", example: "04.09.2020" },
  { format: "%Y年%m月%d日", example: "2020年09月04日" },
];

/** The choices the person made so far, kept across a new preview (another header or encoding). */
type Chosen = PreviewChoice;

export function mappingScreen(preview: Preview, actions: MappingActions, chosen: Chosen = { encoding: null, headerLine: null }): HTMLElement {
  const section = element("section", "screen mapping");
  section.id = "mapping";
  section.setAttribute("aria-labelledby", "mapping-title");
  const title = element("h2", "", say("この明細の列を教えてください", "Tell the app this statement's columns"));
  title.id = "mapping-title";
  title.tabIndex = -1;
  section.append(
    title,
    element(
      "p",
      "lead",
      say(
        `「${preview.file}」の形式は、アプリの知っているどの銀行とも違います。どの列が何かを選ぶと読み込みます。同じ銀行の次の明細からは、聞かずに読み込みます。`,
        `"${preview.file}" is laid out like no bank the app knows. Choose what each column is and it is read; the bank's next statements are then read without asking.`,
      ),
    ),
  );
  if (preview.undecodableLine !== null) {
    const warning = element(
      "p",
      "problem",
      say(
        `${preview.undecodableLine}行目から文字が正しく読めません（${preview.encoding}として読みました）。下の「文字コード」で別のものを選んでください。`,
        `From line ${preview.undecodableLine} the text does not read as ${preview.encoding}: choose another encoding below.`,
      ),
    );
    warning.setAttribute("role", "alert");
    section.append(warning);
  }
  section.append(previewTable(preview));

  const form = element("form", "store-form mapping-form");
  section.append(form);

  // How the file is read: its header row and encoding. A change shows the preview again.
  const reading = element("fieldset", "choices");
  reading.append(element("legend", "", say("ファイルの読み方", "How the file is read")));
  const header = select("mapping-header", say("見出しの行", "Header row"), reading);
  for (const row of preview.firstRows) {
    const text = row.cells.filter((cell) => cell !== "").slice(0, 4).join(", ");
    option(header, String(row.line), `${say(`${row.line}行目`, `Line ${row.line}`)}: ${text}`);
  }
  header.value = String(preview.header.line);
  const encoding = select("mapping-encoding", say("文字コード", "Encoding"), reading);
  option(encoding, "", say(`自動（${preview.encoding}）`, `Automatic (${preview.encoding})`));
  for (const name of ENCODINGS) option(encoding, name, name);
  encoding.value = chosen.encoding ?? "";
  const again = (change: Partial<Chosen>) => {
    const next = { ...chosen, ...change };
    actions
      .preview(next)
      .then((fresh) => {
        const redrawn = mappingScreen(fresh, actions, next);
        section.replaceWith(redrawn);
        redrawn.querySelector<HTMLElement>(change.encoding !== undefined ? "#mapping-encoding" : "#mapping-header")?.focus();
      })
      .catch((error: { message?: string }) => {
        problem.textContent = String(error?.message ?? error);
      });
  };
  header.addEventListener("change", () => again({ headerLine: Number(header.value) }));
  encoding.addEventListener("change", () => again({ encoding: encoding.value || null }));
  form.append(reading);

  // The bank, then each column.
  const bank = input("mapping-bank", say("銀行の名前", "The bank's name"), "text", form);
  bank.autocomplete = "off";

  const columns = preview.columns
    .map((column, index) => ({ ...column, index, sample: preview.rows.find((row) => (row.cells[index] ?? "") !== "")?.cells[index] ?? "" }))
    .filter((column) => column.header !== "");
  const columnSelect = (id: string, text: string, parent: HTMLElement, none: string | null) => {
    const node = select(id, text, parent);
    if (none !== null) option(node, "", none);
    for (const column of columns) option(node, column.header, column.sample ? `${column.header}（${say("例", "e.g.")} ${column.sample}）` : column.header);
    return node;
  };
  const first = (kinds: CellKind[], skip: string[] = []) => columns.find((c) => kinds.includes(c.holds) && !skip.includes(c.header))?.header ?? "";

  const dating = element("fieldset", "choices");
  dating.append(element("legend", "", say("日付", "Date")));
  const date = columnSelect("mapping-date", say("日付の列", "Date column"), dating, null);
  date.value = first(["date", "dateWithoutYear"]) || (columns[0]?.header ?? "");
  const formWrap = element("div", "mapping-field");
  const dateForm = select("mapping-date-format", say("日付の書き方", "How dates are written"), formWrap);
  option(dateForm, "", say("自動（よくある書き方を試します）", "Automatic (common forms are tried)"));
  for (const form of DATE_FORMS) option(dateForm, form.format, form.example);
  dating.append(formWrap);
  const yearWrap = element("div", "mapping-field");
  const firstYear = input("mapping-first-year", say("最初の行の年（日付に年がありません）", "The year of the first row (the dates have no year)"), "number", yearWrap);
  firstYear.inputMode = "numeric";
  firstYear.min = "1990";
  firstYear.max = "2100";
  yearWrap.hidden = !preview.datesLackYear;
  dating.append(yearWrap);
  // The form is asked only when the column's dates are not read by themselves.
  const showDateForm = () => {
    const holds = columns.find((c) => c.header === date.value)?.holds;
    formWrap.hidden = holds === "date" || holds === "dateWithoutYear";
    if (formWrap.hidden) dateForm.value = "";
  };
  date.addEventListener("change", showDateForm);
  showDateForm();
  form.append(dating);

  const texts = element("fieldset", "choices");
  texts.append(element("legend", "", say("内容（摘要）の列（いくつでも）", "Description columns (one or more)")));
  const firstText = first(["text"], [date.value]);
  for (const column of columns) {
    const id = `mapping-description-${column.index}`;
    const box = element("input");
    box.type = "checkbox";
    box.id = id;
    box.name = "mapping-description";
    box.value = column.header;
    box.checked = column.header === firstText;
    const label = element("label", "choice", column.header);
    label.htmlFor = id;
    label.prepend(box);
    texts.append(label);
  }
  form.append(texts);

  const money = element("fieldset", "choices");
  money.append(element("legend", "", say("金額", "Amount")));
  const two = radio("mapping-amount", "two", say("出金と入金が別々の列", "Money out and money in in two columns"), money);
  const one = radio("mapping-amount", "one", say("1つの列に符号つきで", "One column, with a sign"), money);
  const twoPanel = element("div", "mapping-field");
  const withdrawal = columnSelect("mapping-withdrawal", say("出金（お引出し）の列", "Money out column"), twoPanel, null);
  const deposit = columnSelect("mapping-deposit", say("入金（お預入れ）の列", "Money in column"), twoPanel, null);
  const onePanel = element("div", "mapping-field");
  const signed = columnSelect("mapping-signed", say("金額の列", "Amount column"), onePanel, null);
  const sign = select("mapping-sign", say("出金の符号", "The sign of money out"), onePanel);
  option(sign, "negative", say("マイナス（-3000）が出金", "Negative (-3000) is money out"));
  option(sign, "positive", say("プラス（3000）が出金", "Positive (3000) is money out"));
  money.append(twoPanel, onePanel);
  const showAmount = () => {
    twoPanel.hidden = !two.checked;
    onePanel.hidden = !one.checked;
  };
  two.addEventListener("change", showAmount);
  one.addEventListener("change", showAmount);
  const amounts = columns.filter((c) => c.holds === "amount" || c.holds === "empty").map((c) => c.header);
  const signedColumn = first(["signedAmount"]);
  if (signedColumn) {
    one.checked = true;
    signed.value = signedColumn;
  } else {
    two.checked = true;
    withdrawal.value = amounts[0] ?? columns[0]?.header ?? "";
    deposit.value = amounts[1] ?? columns[0]?.header ?? "";
  }
  showAmount();
  form.append(money);

  const balance = columnSelect("mapping-balance", say("残高の列（なくても構いません）", "Balance column (optional)"), form, say("なし", "None"));
  const lastAmount = columns.filter((c) => c.holds === "amount").at(-1)?.header;
  balance.value = !signedColumn && amounts.length >= 3 && lastAmount ? lastAmount : "";

  const submit = actionButton("primary", say("この内容で読み込む", "Import with these columns"), "mapping-import");
  submit.type = "submit";
  const problem = element("p", "form-problem");
  problem.id = "mapping-problem";
  problem.setAttribute("role", "alert");
  const giveUp = actionButton("secondary", say("やめる（何も保存しません）", "Give up (nothing is kept)"), "mapping-give-up", actions.giveUp);
  form.append(submit, problem, giveUp);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const description = [...form.querySelectorAll<HTMLInputElement>('input[name="mapping-description"]:checked')].map((box) => box.value);
    const year = firstYear.value.trim();
    const missing =
      bank.value.trim() === ""
        ? say("銀行の名前を入力してください。", "Enter the bank's name.")
        : description.length === 0
          ? say("内容（摘要）の列を1つ以上選んでください。", "Choose at least one description column.")
          : preview.datesLackYear && !/^\d{4}$/.test(year)
            ? say("最初の行の年を4桁で入力してください（例: 2020）。", "Enter the first row's year in four digits (e.g. 2020).")
            : null;
    if (missing) {
      problem.textContent = missing;
      return;
    }
    const request: MappedImport = {
      mapping: {
        bank: bank.value.trim(),
        date: date.value,
        date_format: dateForm.value || null,
        description,
        amount: one.checked ? { signed: signed.value, withdrawals: sign.value === "positive" ? "positive" : "negative" } : { withdrawal: withdrawal.value, deposit: deposit.value },
        balance: balance.value || null,
      },
      encoding: chosen.encoding,
      firstYear: preview.datesLackYear ? Number(year) : null,
    };
    submit.disabled = true;
    problem.textContent = "";
    actions
      .importWith(request)
      .catch((error: { message?: string }) => {
        problem.textContent = `${say("この指定では読み込めませんでした。何も保存していません。", "These columns do not read the file; nothing was kept:")} ${String(error?.message ?? error)}`;
      })
      .finally(() => {
        submit.disabled = false;
      });
  });
  return section;
}

/** The header and the first rows, as the file has them; it scrolls sideways, by keyboard too. */
function previewTable(preview: Preview): HTMLElement {
  const figure = element("div", "mapping-preview");
  // Above the table rather than its caption, so that it wraps at the largest text.
  const caption = element(
    "p",
    "hint",
    say(`最初の${preview.rows.length}行（${preview.header.line}行目が見出し、文字コード ${preview.encoding}）`, `The first ${preview.rows.length} rows (line ${preview.header.line} is the header; encoding ${preview.encoding})`),
  );
  caption.id = "mapping-preview-caption";
  const scroll = element("div", "table-scroll");
  scroll.tabIndex = 0;
  scroll.setAttribute("role", "region");
  scroll.setAttribute("aria-labelledby", caption.id);
  const table = element("table", "transactions");
  table.setAttribute("aria-labelledby", caption.id);
  const head = element("thead");
  const headRow = element("tr");
  for (const cell of preview.header.cells) {
    const th = element("th", "", cell);
    th.scope = "col";
    headRow.append(th);
  }
  head.append(headRow);
  const body = element("tbody");
  for (const row of preview.rows) {
    const tr = element("tr");
    for (const [index] of preview.header.cells.entries()) tr.append(element("td", "", row.cells[index] ?? ""));
    body.append(tr);
  }
  table.append(head, body);
  scroll.append(table);
  figure.append(caption, scroll);
  return figure;
}

function select(id: string, text: string, parent: HTMLElement): HTMLSelectElement {
  const node = element("select");
  node.id = id;
  const label = element("label", "", text);
  label.htmlFor = id;
  parent.append(label, node);
  return node;
}

function option(parent: HTMLSelectElement, value: string, text: string): void {
  const node = element("option", "", text);
  node.value = value;
  parent.append(node);
}

function input(id: string, text: string, type: string, parent: HTMLElement): HTMLInputElement {
  const node = element("input");
  node.id = id;
  node.type = type;
  const label = element("label", "", text);
  label.htmlFor = id;
  parent.append(label, node);
  return node;
}

function radio(name: string, value: string, text: string, parent: HTMLElement): HTMLInputElement {
  const node = element("input");
  node.type = "radio";
  node.name = name;
  node.value = value;
  node.id = `${name}-${value}`;
  const label = element("label", "choice", text);
  label.htmlFor = node.id;
  label.prepend(node);
  parent.append(label);
  return node;
}
