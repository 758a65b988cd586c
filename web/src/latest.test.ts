import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Latest, type Outcome } from "./latest";

/** A request whose answer the test gives when it likes; it rejects with an AbortError when aborted, as fetch does. */
function controllable() {
  const calls: { query: string; signal: AbortSignal; resolve: (v: string) => void; reject: (e: unknown) => void }[] = [];
  const run = (query: string, signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
    calls.push({ query, signal, resolve, reject });
  });
  return { calls, run };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe("the newest request only", () => {
  it("waits for typing to pause, then sends only the last query", async () => {
    const { calls, run } = controllable();
    const delivered: Outcome<string, string>[] = [];
    const latest = new Latest({ run, deliver: (o) => delivered.push(o), delay: 250 });
    latest.schedule("r");
    await vi.advanceTimersByTimeAsync(100);
    latest.schedule("re");
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(0);
    latest.schedule("ref");
    await vi.advanceTimersByTimeAsync(250);
    expect(calls.map((c) => c.query)).toEqual(["ref"]);
    calls[0].resolve("3 hits");
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([{ ok: true, query: "ref", value: "3 hits" }]);
  });

  it("aborts the request in flight when a newer one starts, and drops a stale answer that arrives anyway", async () => {
    const calls: { query: string; signal: AbortSignal; resolve: (v: string) => void }[] = [];
    // This request ignores its signal, as a server that answers before the abort reaches it.
    const run = (query: string, signal: AbortSignal) => new Promise<string>((resolve) => calls.push({ query, signal, resolve }));
    const delivered: Outcome<string, string>[] = [];
    const busy: boolean[] = [];
    const latest = new Latest({ run, deliver: (o) => delivered.push(o), busy: (b) => busy.push(b) });
    latest.now("ref");
    latest.now("refund");
    expect(calls[0].signal.aborted).toBe(true);
    expect(calls[1].signal.aborted).toBe(false);
    calls[1].resolve("newer");
    calls[0].resolve("older");
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([{ ok: true, query: "refund", value: "newer" }]);
    expect(busy).toEqual([true, true, false]);
    expect(latest.pending).toBe(false);
  });

  it("delivers the newest request's error but never an aborted one's", async () => {
    const { calls, run } = controllable();
    const delivered: Outcome<string, string>[] = [];
    const latest = new Latest({ run, deliver: (o) => delivered.push(o) });
    latest.now("[0-9");
    latest.now("[0-9]");
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([]);
    calls[1].reject(new Error("bad pattern"));
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ ok: false, query: "[0-9]" });
  });

  it("forgets everything when cancelled (the page was left)", async () => {
    const { calls, run } = controllable();
    const delivered: Outcome<string, string>[] = [];
    const latest = new Latest({ run, deliver: (o) => delivered.push(o) });
    latest.now("a");
    latest.schedule("b");
    latest.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(1);
    expect(calls[0].signal.aborted).toBe(true);
    calls[0].resolve("late");
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([]);
  });
});
