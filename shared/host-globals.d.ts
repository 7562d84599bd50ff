// The few host globals shared code may use: every runtime we target (browsers, Node, workers) has them,
// but lib ES2022 alone declares none. Declared narrowly so nothing else of Node or the DOM leaks in.
declare function setTimeout(callback: () => void, ms?: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare const console: { error(...data: unknown[]): void; warn(...data: unknown[]): void };
