import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { isIpcError, reviewDemo, toIpcError } from "./api";

afterEach(() => clearMocks());

describe("command errors", () => {
  it("passes a command's IpcError through unchanged", async () => {
    mockIPC(() => {
      throw { code: "import", message: "demo: line 9, field 払出金額（円）: expected an amount" };
    });
    await expect(reviewDemo()).rejects.toEqual({
      code: "import",
      message: "demo: line 9, field 払出金額（円）: expected an amount",
    });
  });

  it("wraps anything else as an internal error with readable text", () => {
    const error = toIpcError("Command review_demo not allowed by ACL");
    expect(error).toEqual({ code: "internal", message: "Command review_demo not allowed by ACL" });
    expect(isIpcError(error)).toBe(true);
    expect(isIpcError({ code: 3 })).toBe(false);
  });
});
