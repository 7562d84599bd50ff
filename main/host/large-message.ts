// Reading an HTTP body past the small cap without parsing it as JSON (issue 13, defect 9): 118 MB of `{},`
// blocked the host for 92 s in JSON.parse. Only an import may be large, and only its base64 string:
// the base64 is cut out with Buffer.indexOf (native, no parse), the small rest is parsed as usual, and
// the string is put back. Anything else past the small cap is refused unparsed. (WebSocket frames past
// the small cap never arrive: the server's maxPayload refuses them from their header.)
import { LARGE_CALL } from './limits';

const KEY = Buffer.from('"bundleBase64":"');
const QUOTE = 0x22;

/**
 * The import body ({ bundleBase64 }) parsed with its base64 string emptied, then the string restored;
 * or an error when it is not an import body whose only large part is that string.
 */
export function readLargeImport(data: Buffer, smallCap: number): { value: unknown } | { error: string } {
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
  const payload = value as { bundleBase64?: unknown } | null;
  if (payload?.bundleBase64 !== '') return refuse;
  // latin1: base64 is ASCII; anything else is refused by the import schema.
  payload.bundleBase64 = data.toString('latin1', start, end);
  return { value };
}
