// A job process's messages to the app, in order: each is handed to the IPC channel after the one before,
// and `flushed()` waits for all of them (a model can be megabytes; a disconnect must not lose it).

export function orderedSender<M>(): { send(m: M): void; flushed(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  return {
    send(m: M): void {
      last = last.then(
        () =>
          new Promise<void>((resolve) => {
            if (!process.connected || !process.send) return resolve();
            process.send(m, () => resolve());
          }),
      );
    },
    flushed: () => last,
  };
}
