import { describe, expect, it } from 'vitest';
import {
  duplicateJsonKey,
  exceedsJsonDepth,
  keptBody,
  parseBoundedJson,
} from '../../../main/snap/bounded-json';
import { redactBody, redactJson, TOO_DEEP } from '../../../main/snap/wire-log';

describe('measuring JSON depth without parsing', () => {
  it('counts objects and arrays, not brackets inside strings', () => {
    expect(exceedsJsonDepth('{"a":[{"b":1}]}', 3)).toBe(false);
    expect(exceedsJsonDepth('{"a":[{"b":1}]}', 2)).toBe(true);
    expect(exceedsJsonDepth(`{"s":"${'['.repeat(500)}"}`, 2)).toBe(false);
  });

  it('is not fooled by an escaped quote inside a string', () => {
    expect(exceedsJsonDepth(`{"s":"\\"${'['.repeat(100)}"}`, 2)).toBe(false);
  });

  it('measures 200,000 levels without recursion', () => {
    expect(exceedsJsonDepth('['.repeat(200_000) + ']'.repeat(200_000))).toBe(true);
  });
});

describe('parsing behind the depth limit', () => {
  it('parses the spec’s sample answers', () => {
    expect(parseBoundedJson('{"responseCode":"2006000","additionalInfo":{"deviceId":"1"}}')).toEqual({
      ok: true,
      value: { responseCode: '2006000', additionalInfo: { deviceId: '1' } },
    });
  });

  it('refuses 65 levels and says why', () => {
    expect(parseBoundedJson('['.repeat(65) + ']'.repeat(65))).toEqual({ ok: false, reason: 'too-deep' });
  });

  it('tells a body that is not JSON from one that is too deep', () => {
    expect(parseBoundedJson('<html>Bad Gateway</html>')).toEqual({ ok: false, reason: 'not-json' });
  });
});

describe('an answer that names a key twice', () => {
  it('is refused, naming the key: JSON.parse would keep the last and hide the first', () => {
    expect(parseBoundedJson('{"responseCode":"5006000","responseCode":"2006000"}')).toEqual({
      ok: false,
      reason: 'duplicate-key',
      key: 'responseCode',
    });
  });

  it('is found at any depth, and through escapes that spell the same key', () => {
    expect(duplicateJsonKey('{"amount":{"value":"1.00","value":"10000.00"}}')).toBe('value');
    expect(duplicateJsonKey('{"x":[{"a":1,"b":[{"z":1,"\\u007a":2}]}]}')).toBe('z');
  });

  it('is not confused by equal keys in different objects, or by strings that look like keys', () => {
    expect(duplicateJsonKey('{"a":{"v":1},"b":{"v":2},"c":[{"v":3},{"v":4}]}')).toBeUndefined();
    expect(duplicateJsonKey('{"a":"a","b":["a","b"],"c":"}\\",\\"a"}')).toBeUndefined();
    expect(duplicateJsonKey('{"a\\\\":1,"a":2}')).toBeUndefined();
  });
});

describe('redaction of deep values', () => {
  it('replaces what lies deeper than 64 levels instead of walking it', () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) value = { next: value };
    const redacted = JSON.stringify(redactJson(value));
    expect(redacted).toContain(TOO_DEEP);
    expect(redacted.length).toBeLessThan(2_000);
  });

  it('masks a too-deep body as text rather than failing', () => {
    const body = `{"accessToken":"secret-token","x":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(redactBody(body)).not.toContain('secret-token');
  });
});

describe('what is kept of a body', () => {
  it('keeps a short body whole and says how much of a long one was left out', () => {
    expect(keptBody('abc', 10)).toBe('abc');
    expect(keptBody('x'.repeat(15), 10)).toBe(`${'x'.repeat(10)}…[5 more characters not kept]`);
  });
});
