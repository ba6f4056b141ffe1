// One way to make elements: text always goes in as text, never as markup.

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
