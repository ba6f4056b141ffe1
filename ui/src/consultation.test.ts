import { consultationBanner, startIdleTimer } from "./consultation";

describe("consultation mode", () => {
  afterEach(() => vi.useRealTimers());

  it("ends after the minutes without input, and any input starts the count again", () => {
    vi.useFakeTimers();
    const target = new EventTarget();
    let ended = 0;
    const stop = startIdleTimer(15, () => ended++, target);
    vi.advanceTimersByTime(14 * 60_000);
    target.dispatchEvent(new Event("keydown"));
    vi.advanceTimersByTime(14 * 60_000);
    expect(ended).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(ended).toBe(1);
    stop();
    vi.advanceTimersByTime(60 * 60_000);
    expect(ended).toBe(1);
  });

  it("says nothing is kept, and ends on request", () => {
    let ended = false;
    const banner = consultationBanner(() => {
      ended = true;
    });
    expect(banner.textContent).toContain("nothing is saved on this computer");
    banner.querySelector<HTMLButtonElement>("#end-consultation")!.click();
    expect(ended).toBe(true);
  });
});
