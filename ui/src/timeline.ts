// The withdrawals of a statement by day, drawn with uPlot: every day's money out as a grey bar,
// each e-money service's top-ups as dots in the service's colour, and the ones that need a look
// circled in red. Nothing is told by colour alone: the legend names each series, flagged dots
// are a different shape, and the chart's label says the same in words.
import { language, say } from "./i18n";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Review } from "./bindings";
import { element } from "./dom";
import { formatDate, formatYen } from "./format";

/** One series of the chart: a name, and yen (positive) per day, null where there is none. */
export type TimelineSeries = { id: string; nameJa: string; nameEn: string; values: (number | null)[] };

export type TimelineData = {
  /** Every day from the first row to the last, `YYYY-MM-DD`. */
  days: string[];
  /** All money out per day. */
  withdrawals: (number | null)[];
  /** One per e-money service in the statement, in the order first seen. */
  services: TimelineSeries[];
  /** The flagged top-ups per day, whatever their service. */
  flagged: (number | null)[];
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** Colours for services, distinct from the grey of all withdrawals and the red of a flag. */
const SERVICE_COLOURS = ["#1f77b4", "#2a9d8f", "#8e44ad", "#b8860b", "#3d5a80", "#6a994e", "#c2185b", "#5d4037"];
const FLAG_COLOUR = "#c62828";

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

function dayText(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

/** The chart's data from a review: pure, so it is tested without drawing. */
export function timelineData(review: Review): TimelineData {
  const rows = review.statement.transactions;
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (!first || !last) return { days: [], withdrawals: [], services: [], flagged: [] };
  const start = dayNumber(first.booked);
  const length = dayNumber(last.booked) - start + 1;
  const empty = () => new Array<number | null>(length).fill(null);
  const add = (values: (number | null)[], day: string, yen: number) => {
    const at = dayNumber(day) - start;
    values[at] = (values[at] ?? 0) + yen;
  };
  const withdrawals = empty();
  for (const row of rows) if (row.amount < 0) add(withdrawals, row.booked, -row.amount);
  const services = new Map<string, TimelineSeries>();
  const flagged = empty();
  for (const finding of review.findings) {
    const row = rows[finding.row];
    if (!row) continue;
    let series = services.get(finding.service.id);
    if (!series) {
      series = { id: finding.service.id, nameJa: finding.service.nameJa, nameEn: finding.service.nameEn, values: empty() };
      services.set(finding.service.id, series);
    }
    add(series.values, row.booked, -row.amount);
    if (finding.flagged) add(flagged, row.booked, -row.amount);
  }
  const days = Array.from({ length }, (_, i) => dayText(start + i));
  return { days, withdrawals, services: [...services.values()], flagged };
}

/** What the chart shows, in words, for a screen reader and for anyone who cannot tell colours. */
export function timelineText(data: TimelineData): string {
  const from = data.days[0];
  const to = data.days[data.days.length - 1];
  if (!from || !to) return say("出金はありません。", "No withdrawals.");
  const count = (values: (number | null)[]) => values.filter((v) => v !== null).length;
  const flaggedDays = count(data.flagged);
  const ja = [
    `${formatDate(from)}〜${formatDate(to)}の日ごとの出金。`,
    data.services.length > 0
      ? `電子マネー: ${data.services.map((s) => `${s.nameJa} ${count(s.values)}日`).join("、")}。`
      : "電子マネーへの出金はありません。",
    flaggedDays > 0 ? `要確認の出金がある日: ${flaggedDays}日。` : "",
  ];
  const en = [
    `Withdrawals by day, ${formatDate(from)} to ${formatDate(to)}.`,
    data.services.length > 0
      ? `E-money: ${data.services.map((s) => `${s.nameEn} on ${count(s.values)} day${count(s.values) === 1 ? "" : "s"}`).join(", ")}.`
      : "No e-money withdrawals.",
    flaggedDays > 0 ? `Days with withdrawals that need a look: ${flaggedDays}.` : "",
  ];
  return say(ja.join(""), en.filter(Boolean).join(" "));
}

/**
 * The chart in a figure; it is drawn once the figure is in the page and has a width (so a page
 * without layout, as in unit tests, gets the words and no canvas).
 */
export function timelineChart(review: Review): HTMLElement {
  const data = timelineData(review);
  const figure = element("figure", "timeline");
  const caption = element("figcaption", "", say("日ごとの出金", "Withdrawals by day"));
  const plot = element("div", "timeline-plot");
  plot.setAttribute("role", "img");
  plot.setAttribute("aria-label", timelineText(data));
  figure.append(caption, plot);
  if (data.days.length === 0) return figure;

  let chart: uPlot | null = null;
  let loading = false;
  const draw = () => {
    const width = plot.clientWidth;
    if (width === 0) return;
    if (chart) {
      chart.setSize({ width, height: chartHeight() });
      return;
    }
    if (loading) return;
    loading = true;
    // Loaded on first use: the first screen does not wait for the chart library.
    import("uplot")
      .then(({ default: UPlot }) => {
        chart = new UPlot(options(UPlot, data, plot.clientWidth), toColumns(data), plot);
      })
      .catch((error: unknown) => {
        // The words stay (the label, the table below); the page says the chart is missing.
        plot.dataset.error = String(error);
        plot.textContent = say("グラフを表示できませんでした。", "The chart could not be drawn.");
      });
  };
  if (typeof ResizeObserver !== "undefined") new ResizeObserver(draw).observe(plot);
  return figure;
}

/** The chart's height follows the text size, so large-text mode gets a larger chart. */
function chartHeight(): number {
  const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 18;
  return Math.round(rem * 14);
}

function toColumns(data: TimelineData): uPlot.AlignedData {
  const x = data.days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
  return [x, data.withdrawals, ...data.services.map((s) => s.values), data.flagged];
}

function options(UPlot: typeof uPlot, data: TimelineData, width: number): uPlot.Options {
  const yen = (_: uPlot, value: number | null) => (value === null ? "—" : formatYen(value));
  const dot = (colour: string): uPlot.Series => ({
    stroke: colour,
    fill: colour,
    width: 0,
    paths: () => null,
    points: { show: true, size: 10, fill: colour, stroke: colour },
    value: yen,
  });
  return {
    width,
    height: chartHeight(),
    tzDate: (seconds) => UPlot.tzDate(new Date(seconds * 1000), "UTC"),
    legend: { live: true },
    cursor: { points: { size: 12 } },
    scales: { x: { time: true } },
    axes: [
      { stroke: "#4a5560" },
      { stroke: "#4a5560", size: 90, values: (_, ticks) => ticks.map((v) => formatYen(v)) },
    ],
    series: [
      { label: say("日付", "Date"), value: (_, seconds) => (seconds === null ? "—" : formatDate(dayText(Math.round(seconds / 86400)))) },
      {
        label: say("出金（全体）", "All withdrawals"),
        stroke: "#9aa3ad",
        fill: "rgba(154, 163, 173, 0.45)",
        paths: UPlot.paths.bars?.({ size: [0.8, 12] }),
        points: { show: false },
        value: yen,
      },
      ...data.services.map((s, i) => ({
        label: language() === "en" ? s.nameEn : s.nameJa,
        ...dot(SERVICE_COLOURS[i % SERVICE_COLOURS.length]!),
      })),
      {
        label: `⚠ ${say("要確認", "Needs a look")}`,
        stroke: FLAG_COLOUR,
        width: 0,
        paths: () => null,
        // A ring, not a dot: told by shape as well as colour.
        points: { show: true, size: 18, width: 3, stroke: FLAG_COLOUR, fill: "transparent" },
        value: yen,
      },
    ],
  };
}
