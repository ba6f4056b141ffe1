// Consultation mode at a branch: a banner on every screen saying nothing is kept, a button to end
// the consultation, and an end by itself after the minutes without input the branch set.
import { say } from "./i18n";
import { actionButton, element } from "./dom";

export function consultationBanner(end: () => void): HTMLElement {
  const banner = element("div", "consultation-banner");
  banner.setAttribute("role", "note");
  banner.dataset.testid = "consultation-banner";
  banner.append(
    element(
      "p",
      "",
      say("相談モード：このパソコンには何も保存されません。", "Consultation mode: nothing is saved on this computer."),
    ),
  );
  const button = actionButton("danger", say("相談を終える（画面と記憶から消去）", "End consultation"), "end-consultation", end);
  banner.append(button);
  return banner;
}

/** Calls `onIdle` once after `minutes` without a key, pointer, wheel or touch; returns a stop. */
export function startIdleTimer(minutes: number, onIdle: () => void, target: EventTarget = window): () => void {
  const delay = minutes * 60_000;
  let timer = setTimeout(onIdle, delay);
  const reset = () => {
    clearTimeout(timer);
    timer = setTimeout(onIdle, delay);
  };
  const events = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"];
  for (const name of events) target.addEventListener(name, reset, { passive: true });
  return () => {
    clearTimeout(timer);
    for (const name of events) target.removeEventListener(name, reset);
  };
}
