import { describe, expect, it } from 'vitest';
import { isSecretKey, REDACTED, redactConfig, redactHeaders, redactText, redactUrl } from '../src/index.js';

describe('redaction', () => {
  it('hides user info and secret query values in a URL, keeping the rest', () => {
    expect(redactUrl('ws://user:pa55@127.0.0.1:6700/?access_token=T0K&x=1')).toBe(`ws://${REDACTED}@127.0.0.1:6700/?access_token=${REDACTED}&x=1`);
    expect(redactUrl('https://TOKEN@host/api?token=a&secret=b&password=c&Access-Token=d')).toBe(
      `https://${REDACTED}@host/api?token=${REDACTED}&secret=${REDACTED}&password=${REDACTED}&Access-Token=${REDACTED}`,
    );
    expect(redactUrl('http://127.0.0.1:5700/send_msg')).toBe('http://127.0.0.1:5700/send_msg');
  });

  it('finds URLs inside any text (log lines, error messages)', () => {
    const line = 'send_msg: the connection to ws://u:s3cret@h:1/api?access_token=abc closed (code 1006); see a@b.c';
    const out = redactText(line);
    expect(out).not.toContain('s3cret');
    expect(out).not.toContain('abc');
    expect(out).toContain('closed (code 1006); see a@b.c');
  });

  it('names secret keys by their words, whatever the case or separator', () => {
    for (const key of ['accessToken', 'access_token', 'secret', 'Password', 'authorization', 'X-Api-Key', 'cookie']) expect(isSecretKey(key)).toBe(true);
    for (const key of ['tokenScheme', 'selfId', 'endpoint', 'url', 'port']) expect(isSecretKey(key)).toBe(false);
  });

  it('hides secret headers', () => {
    expect(redactHeaders({ Authorization: 'Bearer x', 'User-Agent': 'cqkit' })).toEqual({ Authorization: REDACTED, 'User-Agent': 'cqkit' });
  });

  it('hides config values by key name, whatever their type, and URLs in other strings', () => {
    const config = { bots: [{ url: 'ws://a:b@h/', accessToken: 12345, secret: '0042', tokenScheme: 'Bearer' }], receiver: { accessToken: '' } };
    expect(redactConfig(config)).toEqual({
      bots: [{ url: `ws://${REDACTED}@h/`, accessToken: REDACTED, secret: REDACTED, tokenScheme: 'Bearer' }],
      receiver: { accessToken: '' },
    });
    expect(config.bots[0]!.secret).toBe('0042');
  });
});
