/** Converting one argument token to its declared type. */
import type { MessageKey } from '../i18n/messages.js';
import type { ArgType } from './declaration.js';

export type ArgValue = string | number;

const atPattern = /^\[CQ:at,qq=(\d+)(?:,[^\]]*)?\]$/;
const userPattern = /^@?(\d{4,12})$/;

/** The value, or the catalogue key of what was expected ("a number"). */
export function convertArg(type: ArgType, raw: string): { ok: true; value: ArgValue } | { ok: false; expected: MessageKey } {
  switch (type) {
    case 'string':
    case 'text':
      // Kept as received, escapes included: a handler that sends the value back must not turn a
      // user's typed `&#91;CQ:at,qq=all&#93;` into a real @all (plainText() gives the plain text).
      return { ok: true, value: raw };
    case 'number': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, expected: 'core.type.number' };
    }
    case 'integer': {
      const n = Number(raw);
      return raw.trim() !== '' && Number.isInteger(n) ? { ok: true, value: n } : { ok: false, expected: 'core.type.integer' };
    }
    case 'user': {
      const m = atPattern.exec(raw) ?? userPattern.exec(raw);
      return m ? { ok: true, value: Number(m[1]) } : { ok: false, expected: 'core.type.user' };
    }
  }
}
