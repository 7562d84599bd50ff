export const appRoot: string;
export function findElectron(
  env?: NodeJS.ProcessEnv,
): { bin: string; reason?: undefined } | { bin?: undefined; reason: string };
