// A progress bar on a terminal; plain occasional lines when output is piped (CI logs stay readable).
import cliProgress from 'cli-progress';

export interface Progress {
  update(fraction: number, info?: string): void;
  stop(): void;
}

export function progressBar(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${title} [{bar}] {percentage}% | {info} | ETA {eta_formatted}`,
        stream,
        hideCursor: true,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(1000, 0, { info: '' });
    return {
      update: (f, info = '') => bar.update(Math.round(Math.min(1, Math.max(0, f)) * 1000), { info }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(f, info = '') {
      const tenth = Math.floor(f * 10);
      if (tenth > lastTenth) {
        lastTenth = tenth;
        stream.write(`${title}: ${Math.round(f * 100)}% ${info}\n`);
      }
    },
    stop() {},
  };
}
