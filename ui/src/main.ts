// The app's one screen for now: a home with one action, and the statement once it is open.
import { appStatus, reviewDemo, toIpcError } from "./api";
import type { IpcError } from "./bindings";
import { renderReview } from "./reviewView";

const app = document.querySelector<HTMLElement>("#app")!;

async function start(): Promise<void> {
  try {
    const status = await appStatus();
    if (status.storage.state === "unavailable") showProblem(status.storage.error);
    showHome();
    if (status.openDemo) await openDemo();
  } catch (error) {
    showProblem(toIpcError(error));
  }
}

function showHome(): void {
  const home = document.createElement("section");
  home.className = "home";
  const lead = document.createElement("p");
  lead.className = "lead";
  lead.textContent =
    "身に覚えのない電子マネーへの出金がないか確かめます。 Check your account for e-money withdrawals you did not make.";
  const button = document.createElement("button");
  button.type = "button";
  button.id = "open-demo";
  button.className = "primary";
  button.textContent = "デモデータを開く Open demo data";
  button.addEventListener("click", () => void openDemo());
  home.append(lead, button);
  app.append(home);
}

async function openDemo(): Promise<void> {
  try {
    const review = await reviewDemo();
    app.querySelector(".statement")?.remove();
    app.append(renderReview(review));
  } catch (error) {
    showProblem(toIpcError(error));
  }
}

function showProblem(error: IpcError): void {
  const box = document.createElement("p");
  box.className = "problem";
  box.setAttribute("role", "alert");
  box.dataset.code = error.code;
  box.textContent = `${problemTitle(error)} ${error.message}`;
  app.prepend(box);
}

function problemTitle(error: IpcError): string {
  switch (error.code) {
    case "dataDirectory":
      return "データを保存できません。確認はできますが、何も保存されません。 Data cannot be saved: you can still check statements, but nothing will be kept.";
    case "import":
      return "明細を読み込めませんでした。 The statement could not be read:";
    case "internal":
      return "アプリの内部で問題が起きました。 Something went wrong inside the app:";
  }
}

void start();
