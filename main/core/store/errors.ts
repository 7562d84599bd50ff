// The one error type the store throws for anything the user or a file did wrong: callers show its
// message as is, so every message says what is wrong and, where possible, what to do.
export class StoreError extends Error {
  override name = 'StoreError';
}
