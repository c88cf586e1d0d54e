// Standard input read whole, for flags given as "-": a secret, a key or a body piped in. Bounded, so
// `kasir sign … --secret - < /dev/zero` fails instead of eating memory.

/** Secrets, tokens, PEM keys and SNAP bodies are all far below this. */
export const MAX_STDIN_BYTES = 1024 * 1024;

export function readStdin(stream: NodeJS.ReadableStream, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        stream.off('data', onData);
        stream.pause();
        reject(new Error(`standard input is over ${maxBytes} bytes`));
        return;
      }
      chunks.push(buffer);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.once('error', reject);
  });
}
