// A serial (USB-CDC / RS-232) scanner sends raw bytes with CR and/or LF after each scan, and the port
// hands them over in chunks that can split a scan, or a CR LF pair, anywhere. This turns the chunks
// back into one text per scan. Bytes are decoded as UTF-8 only once a frame is complete, so a
// multi-byte character split across chunks survives.

export type SerialFrame =
  | { kind: 'scan'; text: string; terminated: boolean }
  /** A run of bytes with no line end within maxFrameBytes: not a scan, dropped, counted. */
  | { kind: 'overflow'; byteCount: number };

export interface SerialFramer {
  push: (chunk: Uint8Array) => SerialFrame[];
  /** The stream ended or went quiet: whatever is buffered, as an unterminated scan. */
  flush: () => SerialFrame[];
}

const CR = 0x0d;
const LF = 0x0a;

export function createSerialFramer(init: { maxFrameBytes?: number } = {}): SerialFramer {
  const maxFrameBytes = init.maxFrameBytes ?? 2048;
  if (!Number.isInteger(maxFrameBytes) || maxFrameBytes < 1)
    throw new RangeError('maxFrameBytes must be positive');
  let buffer = new Uint8Array(Math.min(maxFrameBytes, 1024));
  let length = 0;
  let overflowCount = 0;

  const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

  const take = (terminated: boolean): SerialFrame[] => {
    if (overflowCount > 0) {
      const frame: SerialFrame = { kind: 'overflow', byteCount: overflowCount };
      overflowCount = 0;
      length = 0;
      return [frame];
    }
    if (length === 0) return []; // the LF of CR LF, or blank lines
    const text = decode(buffer.subarray(0, length));
    length = 0;
    return [{ kind: 'scan', text, terminated }];
  };

  const append = (byte: number) => {
    if (overflowCount > 0) {
      overflowCount++;
      return;
    }
    if (length === maxFrameBytes) {
      overflowCount = length + 1;
      length = 0;
      return;
    }
    if (length === buffer.length) {
      const grown = new Uint8Array(Math.min(maxFrameBytes, buffer.length * 2));
      grown.set(buffer);
      buffer = grown;
    }
    buffer[length++] = byte;
  };

  return {
    push(chunk) {
      const frames: SerialFrame[] = [];
      for (const byte of chunk) {
        if (byte === CR || byte === LF) frames.push(...take(true));
        else append(byte);
      }
      return frames;
    },
    flush() {
      return take(false);
    },
  };
}
