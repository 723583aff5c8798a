import DataLoader from "dataloader";

/**
 * Runs the requests of concurrent callers as batches, at most one batch in flight: requests that arrive while a batch
 * runs go together into the next one, which starts as soon as that batch has settled. When nothing is in flight a
 * request waits only for the current tick (as DataLoader does by default), so an idle caller sees no added delay.
 *
 * Built on DataLoader with its cache off: every request reaches the batch function, and each caller's promise settles
 * with its own entry of the batch's answer (an Error entry rejects that caller only).
 */
export class OneBatchInFlight<Request, Result> {
  private readonly loader: DataLoader<Request, Result>;
  /** Settles when every batch scheduled so far has been dispatched and has settled. */
  private queue: Promise<void> = Promise.resolve();
  /** The batch the loader dispatched last (set synchronously by the dispatch, see the schedule below). */
  private lastBatch: Promise<unknown> = Promise.resolve();

  constructor(runBatch: (requests: readonly Request[]) => Promise<Array<Result | Error>>) {
    this.loader = new DataLoader<Request, Result>(
      (requests) => {
        const batch = runBatch(requests);
        this.lastBatch = batch;
        return batch;
      },
      {
        cache: false,
        // DataLoader calls this when a batch opens; the batch takes requests until `dispatch` runs, and `dispatch` calls
        // the batch function synchronously. Chaining the dispatches keeps one batch in flight at a time.
        batchScheduleFn: (dispatch) => {
          this.queue = this.queue
            .then(() => new Promise<void>((resolve) => process.nextTick(resolve)))
            .then(() => {
              dispatch();
              return this.lastBatch.then(ignore, ignore);
            });
        },
      },
    );
  }

  run(request: Request): Promise<Result> {
    return this.loader.load(request);
  }
}

const ignore = () => undefined;

/**
 * A batch function for writes that land whole or not at all: if a batch of several callers fails, each caller's request
 * is written again on its own, in arrival order, so one caller's bad input fails only that caller. `failsEveryone`
 * names the errors no retry can help (the server unreachable): those fail the whole batch at once.
 */
export function eachCallerItsOwnOutcome<Request>(
  write: (requests: readonly Request[]) => Promise<void>,
  failsEveryone: (error: unknown) => boolean = () => false,
): (requests: readonly Request[]) => Promise<Array<void | Error>> {
  return async (requests) => {
    try {
      await write(requests);
      return requests.map(() => undefined);
    } catch (error) {
      if (requests.length === 1 || failsEveryone(error)) return requests.map(() => asError(error));
      const outcomes: Array<void | Error> = [];
      for (const request of requests) outcomes.push(await write([request]).then(() => undefined, asError));
      return outcomes;
    }
  };
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));
