// A user mistake on the command line: printed as one line, exit code 1, never a stack trace.
export class CliError extends Error {}

export function intOption(
  value: string | undefined,
  name: string,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`--${name} must be an integer in ${min}..${max}, got "${value}"`);
  return n;
}

export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number | undefined,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new CliError(`--${name} must be a number in ${min}..${max}, got "${value}"`);
  return n;
}

export function required(value: string | undefined, name: string): string {
  if (!value) throw new CliError(`--${name} is required`);
  return value;
}
