// Reading a message past the small cap without parsing it as JSON (issue 13, defect 9): 118 MB of `{},`
// blocked the host for 92 s in JSON.parse. Only an import may be large, and only its base64 string:
// the base64 is cut out with Buffer.indexOf (native, no parse), the small rest is parsed as usual, and
// the string is put back. Anything else past the small cap is refused unparsed.
import { LARGE_CALL } from './limits';

const KEY = Buffer.from('"bundleBase64":"');
const QUOTE = 0x22;

/** The id of a message, read from its first bytes only (to answer a refused message by its id). */
export function peekId(data: Buffer): string | number | null {
  const head = data.subarray(0, 200).toString('utf8');
  const m = /^\s*\{\s*"id"\s*:\s*(-?\d{1,15}|"[^"\\]{0,64}")/.exec(head);
  if (!m) return null;
  return m[1].startsWith('"') ? m[1].slice(1, -1) : Number(m[1]);
}

/**
 * `parseSmall` applied to the message with its bundleBase64 string emptied, then the string restored;
 * or an error when the message is not an import whose only large part is that string.
 * `where` says where the payload sits: in the envelope ({ id, call, payload }) or the body itself.
 */
export function readLargeImport(
  data: Buffer,
  smallCap: number,
  where: 'envelope' | 'body',
): { value: unknown } | { error: string } {
  const refuse = { error: `a message may be at most ${smallCap} bytes; only ${LARGE_CALL} may send more` };
  const at = data.indexOf(KEY);
  if (at < 0) return refuse;
  const start = at + KEY.length;
  const end = data.indexOf(QUOTE, start);
  if (end < 0 || data.length - (end - start) > smallCap) return refuse;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat([data.subarray(0, start), data.subarray(end)]).toString('utf8'));
  } catch {
    return { error: 'message is not JSON' };
  }
  const envelope = value as { call?: unknown; payload?: { bundleBase64?: unknown } } | null;
  const payload = where === 'envelope' ? envelope?.payload : (value as { bundleBase64?: unknown } | null);
  if ((where === 'envelope' && envelope?.call !== LARGE_CALL) || payload?.bundleBase64 !== '') return refuse;
  // latin1: base64 is ASCII; anything else is refused by the import schema.
  payload.bundleBase64 = data.toString('latin1', start, end);
  return { value };
}
