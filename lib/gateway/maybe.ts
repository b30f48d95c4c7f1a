/**
 * A value now, or later. The gateway's hot path (cached key, in-memory limits, in-process demo
 * upstream, body already read) runs without creating a single promise: under `npm start` Next
 * installs async hooks for its AsyncLocalStorage, and every promise/await then costs ~2 µs —
 * measured as the largest cost of the whole request. Steps return MaybePromise and are chained
 * with andThen, which only goes async when a step really is.
 */
export type MaybePromise<T> = T | Promise<T>;

export function andThen<T, R>(
  value: MaybePromise<T>,
  next: (value: T) => MaybePromise<R>,
): MaybePromise<R> {
  return value instanceof Promise ? value.then(next) : next(value);
}

/** Run a step that may be sync or async and ignore its outcome (errors included). */
export function fireAndForget(value: MaybePromise<unknown>): void {
  if (value instanceof Promise) value.catch(() => {});
}
