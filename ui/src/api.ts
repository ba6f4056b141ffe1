// Typed calls to the app's commands. The types come from ui/src/bindings.ts, generated from Rust.
import { invoke } from "@tauri-apps/api/core";
import type { AppStatus, IpcError, Review } from "./bindings";

export function appStatus(): Promise<AppStatus> {
  return call<AppStatus>("app_status");
}

export function reviewDemo(): Promise<Review> {
  return call<Review>("review_demo");
}

async function call<T>(command: string): Promise<T> {
  try {
    return await invoke<T>(command);
  } catch (error) {
    throw toIpcError(error);
  }
}

/** Commands reject with an IpcError; anything else (a broken bridge) is wrapped as one. */
export function toIpcError(error: unknown): IpcError {
  if (isIpcError(error)) return error;
  return { code: "internal", message: String(error) };
}

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as IpcError).code === "string" &&
    typeof (value as IpcError).message === "string"
  );
}
