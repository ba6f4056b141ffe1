// The mapping step's place in the app: opened when an import stops at a file no layout reads,
// it shows the file's first rows to describe, imports with the description, and then shows the
// account, as any import does; giving up returns home with nothing kept.
import * as api from "./api";
import type { ImportOutcome, IpcError } from "./bindings";
import { mappingScreen } from "./mappingView";

export type MappingHost = {
  /** Puts parts on screen (the app's own screen function: top bar and banner included). */
  screen(...parts: HTMLElement[]): void;
  /** Shows the account an import added to. */
  imported(outcomes: ImportOutcome[]): Promise<void>;
  /** Back home. */
  home(): Promise<void>;
  /** Shows a problem above the screen. */
  problem(error: IpcError): void;
};

export async function openMapping(host: MappingHost): Promise<void> {
  let preview;
  try {
    preview = await api.mappingPreview({ encoding: null, headerLine: null });
  } catch (error) {
    await host.home();
    host.problem(api.toIpcError(error));
    return;
  }
  host.screen(
    mappingScreen(preview, {
      preview: api.mappingPreview,
      importWith: async (request) => host.imported(await api.importMapped(request)),
      giveUp: () => void api.forgetFileToMap().finally(() => void host.home()),
    }),
  );
  document.querySelector<HTMLElement>("#mapping-title")?.focus();
}
