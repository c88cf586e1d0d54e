import { describe, expect, it } from 'vitest';
import { createSerialFramer } from '../../../renderer/scanner/serial-frames';

const bytes = (text: string) => new TextEncoder().encode(text);
const EMVCO_EXAMPLE =
  'hQVDUFYwMWETTwegAAAAVVVVUAhQcm9kdWN0MWETTwegAAAAZmZmUAhQcm9kdWN0MmJJWggSNFZ4kBI0WF8gDkNBUkRIT0xERVIvRU1W' +
  'Xy0IcnVlc2RlZW5kIZ8QBwYBCgMAAACfJghYT9OF+iNLzJ82AgABnzcEbVjvEw==';

describe('serial scanner framing', () => {
  it('turns one chunk ending in CR LF into one scan', () => {
    expect(createSerialFramer().push(bytes(`${EMVCO_EXAMPLE}\r\n`))).toEqual([
      { kind: 'scan', text: EMVCO_EXAMPLE, terminated: true },
    ]);
  });

  it('joins a scan split across chunks at any point', () => {
    const framer = createSerialFramer();
    const all = bytes(`${EMVCO_EXAMPLE}\r\n`);
    const frames = [
      all.subarray(0, 1),
      all.subarray(1, 77),
      all.subarray(77, 168),
      all.subarray(168),
    ].flatMap((chunk) => framer.push(chunk));
    expect(frames).toEqual([{ kind: 'scan', text: EMVCO_EXAMPLE, terminated: true }]);
  });

  it('does not make an empty scan of a CR and LF that arrive in different chunks', () => {
    const framer = createSerialFramer();
    expect(framer.push(bytes('hQVDUFYwMQ==\r'))).toHaveLength(1);
    expect(framer.push(bytes('\nhQVDUFYwMQ==\r'))).toHaveLength(1);
    expect(framer.flush()).toEqual([]);
  });

  it('splits two scans in one chunk, with CR alone or LF alone', () => {
    expect(createSerialFramer().push(bytes('first\rsecond\n'))).toEqual([
      { kind: 'scan', text: 'first', terminated: true },
      { kind: 'scan', text: 'second', terminated: true },
    ]);
  });

  it('decodes a UTF-8 character split across chunks', () => {
    const framer = createSerialFramer();
    const all = bytes('Ré\n');
    expect([...framer.push(all.subarray(0, 2)), ...framer.push(all.subarray(2))]).toEqual([
      { kind: 'scan', text: 'Ré', terminated: true },
    ]);
  });

  it('gives the buffered rest as an unterminated scan on flush', () => {
    const framer = createSerialFramer();
    framer.push(bytes('hQVDUF'));
    expect(framer.flush()).toEqual([{ kind: 'scan', text: 'hQVDUF', terminated: false }]);
    expect(framer.flush()).toEqual([]);
  });

  it('drops and counts a run of bytes longer than the frame limit, then recovers', () => {
    const framer = createSerialFramer({ maxFrameBytes: 16 });
    expect(framer.push(bytes(`${'x'.repeat(40)}\nok\n`))).toEqual([
      { kind: 'overflow', byteCount: 40 },
      { kind: 'scan', text: 'ok', terminated: true },
    ]);
  });

  it('accepts a frame of exactly the limit', () => {
    expect(createSerialFramer({ maxFrameBytes: 16 }).push(bytes(`${'y'.repeat(16)}\n`))).toEqual([
      { kind: 'scan', text: 'y'.repeat(16), terminated: true },
    ]);
  });
});
