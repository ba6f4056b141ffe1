// One way to make elements: text always goes in as text, never as markup.
import { say } from "./i18n";

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = "",
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A button that does not submit a form, with its id and what a click does. */
export function actionButton(className: string, text: string, id?: string, onClick?: () => void): HTMLButtonElement {
  const node = element("button", className, text);
  node.type = "button";
  if (id) node.id = id;
  if (onClick) node.addEventListener("click", onClick);
  return node;
}

/** The Cancel of long work (an import, a sync): it asks once, then says it is stopping. */
export function cancelButton(id: string, cancel: () => void): HTMLButtonElement {
  const button = actionButton("secondary", say("取り消す（何も保存しません）", "Cancel (nothing is kept)"), id, () => {
    button.disabled = true;
    button.textContent = say("取り消しています…", "Cancelling…");
    cancel();
  });
  return button;
}

/**
 * Makes `button` save through the system's dialog with `save`: disabled while it runs, then
 * `status` says where the file went (nothing when the person cancelled) or why it was not saved.
 */
export function saveOnClick(
  button: HTMLButtonElement,
  status: HTMLElement,
  save: () => Promise<string | null>,
): void {
  button.addEventListener("click", () => {
    button.disabled = true;
    save()
      .then((path) => {
        status.textContent = path ? say(`保存しました`, `Saved: ${path}`) : "";
      })
      .catch((error: { message?: string }) => {
        status.textContent = say(`保存できませんでした`, `Could not save: ${String(error?.message ?? error)}`);
      })
      .finally(() => {
        button.disabled = false;
      });
  });
}
