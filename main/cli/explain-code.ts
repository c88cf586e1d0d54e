// `kasir explain-code CODE [--family snap|klikoo|doku]`: what a provider's response code means and
// what to do about it, as one JSON object. A malformed code is a KasirError (exit 2, one stderr line).
import type { ResponseCodeFamily } from '../snap/response-codes';
import { decodeResponseCode, responseCodeFamilySchema } from '../snap/response-codes';
import type { Command } from './framework';
import { parseFlags, printJson, UsageError } from './framework';

const usage = [
  'Usage: kasir explain-code CODE [--family snap|klikoo|doku]',
  '',
  'Decodes a response code: SNAP BI (7 digits, e.g. 2006000), Klikoo B2B (9 digits, e.g. 201022001)',
  'or DOKU Biller (4 characters, e.g. U001). Without --family the length decides.',
  'Prints family, httpStatus, service, caseCode, message, description, category, known and action',
  '(done, query, retry, re-authenticate, fix-input or stop).',
].join('\n');

export const explainCodeCommands: Command[] = [
  {
    path: ['explain-code'],
    summary: 'decode a SNAP / Klikoo / DOKU response code and say what to do',
    usage,
    run: async (argv, io) => {
      const { values, positionals } = parseFlags(argv, { family: { type: 'string' } }, true);
      if (positionals.length !== 1) {
        throw new UsageError(`expected exactly one CODE, got ${positionals.length}. ${usage.split('\n')[0]}`);
      }
      const [code = ''] = positionals;
      let family: ResponseCodeFamily | undefined;
      if (values.family !== undefined) {
        const parsed = responseCodeFamilySchema.safeParse(values.family);
        if (!parsed.success) {
          throw new UsageError(
            `--family must be one of snap, klikoo, doku (got ${JSON.stringify(values.family)})`,
          );
        }
        family = parsed.data;
      }
      printJson(io, decodeResponseCode(code, family));
      return 0;
    },
  },
];
