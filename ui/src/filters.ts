// Narrowing the table: every row, only e-money, or only what needs a look; one service; a
// period. Rows are hidden, not removed, so the table keeps the statement's order and lines.
import { say } from "./i18n";
import type { Transaction } from "./bindings";
import { element } from "./dom";

export type Show = "all" | "emoney" | "flagged";

export type RowFilter = {
  show: Show;
  /** A catalog id, or null for every service. */
  service: string | null;
  /** `YYYY-MM-DD`, inclusive, or null. */
  from: string | null;
  to: string | null;
};

/** What the filter knows of an e-money row. */
export type FilterMark = { serviceId: string; flagged: boolean };

export const NO_FILTER: RowFilter = { show: "all", service: null, from: null, to: null };

/** Whether the row at `index` passes `filter`. */
export function passes(transaction: Transaction, mark: FilterMark | undefined, filter: RowFilter): boolean {
  if (filter.show === "emoney" && !mark) return false;
  if (filter.show === "flagged" && !mark?.flagged) return false;
  if (filter.service !== null && mark?.serviceId !== filter.service) return false;
  if (filter.from !== null && transaction.booked < filter.from) return false;
  if (filter.to !== null && transaction.booked > filter.to) return false;
  return true;
}

/** The controls; `onChange` gets the whole filter after every change. */
export function filterBar(
  services: { id: string; name: string }[],
  onChange: (filter: RowFilter) => void,
): HTMLElement {
  const bar = element("form", "filter-bar");
  bar.setAttribute("aria-label", say("絞り込み", "Filter"));
  const show = select("filter-show", say("表示", "Show"), [
    ["all", say("すべての取引", "All rows")],
    ["emoney", say("電子マネーのみ", "E-money only")],
    ["flagged", say("要確認のみ", "Needs a look")],
  ]);
  const service = select("filter-service", say("サービス", "Service"), [
    ["", say("すべて", "All services")],
    ...services.map(({ id, name }): [string, string] => [id, name]),
  ]);
  const from = dateInput("filter-from", say("から", "From"));
  const to = dateInput("filter-to", say("まで", "To"));
  const current = (): RowFilter => ({
    show: show.input.value as Show,
    service: service.input.value || null,
    from: from.input.value || null,
    to: to.input.value || null,
  });
  for (const control of [show, service, from, to]) {
    control.input.addEventListener("change", () => onChange(current()));
    bar.append(control.label);
  }
  bar.addEventListener("submit", (event) => event.preventDefault());
  return bar;
}

function select(id: string, text: string, options: [string, string][]) {
  const input = element("select");
  input.id = id;
  for (const [value, name] of options) {
    const option = element("option", "", name);
    option.value = value;
    input.append(option);
  }
  const label = element("label", "filter", text);
  label.append(input);
  return { input, label };
}

function dateInput(id: string, text: string) {
  const input = element("input");
  input.type = "date";
  input.id = id;
  const label = element("label", "filter", text);
  label.append(input);
  return { input, label };
}
