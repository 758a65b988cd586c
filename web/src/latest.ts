// Requests that follow typing: each waits a moment for the typing to stop, a newer one gives up the one in flight, and
// only the newest answer is shown. Pure: no DOM; the request itself is passed in.

/** What a request came to: its answer, or its error (never the error of one given up). */
export type Outcome<Q, R> = { ok: true; query: Q; value: R } | { ok: false; query: Q; error: unknown };

export interface LatestOptions<Q, R> {
  /** Makes the request; it should give up when `signal` aborts. */
  run: (query: Q, signal: AbortSignal) => Promise<R>;
  /** Gets the newest request's outcome only. */
  deliver: (outcome: Outcome<Q, R>) => void;
  /** Told when a request starts (true) and when the newest one has ended (false), e.g. for "Updating…". */
  busy?: (busy: boolean) => void;
  /** How long typing must pause before the request goes, in milliseconds. */
  delay?: number;
}

function aborted(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "AbortError";
}

/** Runs the newest of a stream of queries: debounced, the previous one aborted, stale answers dropped. */
export class Latest<Q, R> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private controller: AbortController | undefined;
  private ticket = 0;
  private readonly delay: number;

  constructor(private readonly options: LatestOptions<Q, R>) {
    this.delay = options.delay ?? 250;
  }

  /** Runs `query` once nothing newer has come for the delay. */
  schedule(query: Q): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.start(query);
    }, this.delay);
  }

  /** Runs `query` at once (a page asked for, a first look). */
  now(query: Q): void {
    this.clearTimer();
    this.start(query);
  }

  /** Forgets what is waiting or in flight: nothing more is delivered until the next query. */
  cancel(): void {
    this.clearTimer();
    this.ticket += 1;
    this.controller?.abort();
    this.controller = undefined;
    this.options.busy?.(false);
  }

  /** Whether a request waits for the delay or is in flight. */
  get pending(): boolean {
    return this.timer !== undefined || this.controller !== undefined;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private start(query: Q): void {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const ticket = ++this.ticket;
    this.options.busy?.(true);
    const settle = (outcome: Outcome<Q, R> | null) => {
      if (ticket !== this.ticket) return;
      this.controller = undefined;
      this.options.busy?.(false);
      if (outcome) this.options.deliver(outcome);
    };
    let running: Promise<R>;
    try {
      running = this.options.run(query, controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => settle({ ok: true, query, value }),
      (error: unknown) => settle(aborted(error) || controller.signal.aborted ? null : { ok: false, query, error }),
    );
  }
}
