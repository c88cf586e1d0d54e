// Building a CPM payload, for the sandbox's wallet and demo QRs: the inverse of payload.ts's decoder,
// in a module of its own so a terminal that only reads scans (every `kasir pay`) builds none of the
// encoder's input schemas.

import { z } from 'zod';
import { digitsToBcd, encodeTrack2 } from './card-data';
import { hexToBytes } from './hex';
import { cpmErrors } from './scan-errors';
import { MAX_QR_CONTENT_LENGTH } from './scan-text';
import type { TlvInput } from './tlv';
import { encodeTlv } from './tlv';

const hexOfBytes = (min: number, max: number) =>
  z.string().regex(new RegExp(`^(?:[0-9A-Fa-f]{2}){${min},${max}}$`), `must be hex of ${min}–${max} bytes`);
const printable = (min: number, max: number) =>
  z
    .string()
    .regex(new RegExp(`^[\\x20-\\x7E]{${min},${max}}$`), `must be ${min}–${max} printable ASCII characters`);
const digits = (min: number, max: number) =>
  z.string().regex(new RegExp(`^\\d{${min},${max}}$`), `must be ${min}–${max} digits`);

export const IssuerDataInputSchema = z.strictObject({
  issuerApplicationDataHex: hexOfBytes(1, 32).optional(),
  cryptogramHex: hexOfBytes(8, 8).optional(),
  cryptogramInfoHex: hexOfBytes(1, 1).optional(),
  atc: z.number().int().min(0).max(0xffff).optional(),
  unpredictableNumberHex: hexOfBytes(4, 4).optional(),
});

export const CardDataInputSchema = z.strictObject({
  label: printable(1, 16).optional(),
  pan: digits(8, 19).optional(),
  /** Written as 9F25. Give it where the QR carries a token instead of the PAN. */
  last4: digits(4, 4).optional(),
  track2: z
    .strictObject({
      pan: digits(8, 19),
      expiry: digits(4, 4),
      serviceCode: digits(3, 3),
      discretionaryData: z
        .string()
        .regex(/^\d{0,16}$/)
        .default(''),
    })
    .optional(),
  cardholderName: printable(2, 26).optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2}$/))
    .min(1)
    .max(4)
    .optional(),
  issuerUrl: printable(1, 255).optional(),
  issuerData: IssuerDataInputSchema.optional(),
});

export const CpmApplicationInputSchema = CardDataInputSchema.extend({ adfNameHex: hexOfBytes(5, 16) });

export const CpmPayloadInputSchema = z.strictObject({
  formatIndicator: printable(1, 16).default('CPV01'),
  applications: z.array(CpmApplicationInputSchema).min(1),
  commonData: CardDataInputSchema.optional(),
});

export type CpmIssuerDataInput = z.input<typeof IssuerDataInputSchema>;
export type CpmCardDataInput = z.input<typeof CardDataInputSchema>;
export type CpmApplicationInput = z.input<typeof CpmApplicationInputSchema>;
export type CpmPayloadInput = z.input<typeof CpmPayloadInputSchema>;

const ascii = (text: string) => new TextEncoder().encode(text);

function issuerDataTlv(
  tag: '63' | '64',
  issuer: z.output<typeof IssuerDataInputSchema>,
): TlvInput | undefined {
  const children: TlvInput[] = [];
  if (issuer.issuerApplicationDataHex)
    children.push({ tag: '9F10', value: hexToBytes(issuer.issuerApplicationDataHex) });
  if (issuer.cryptogramHex) children.push({ tag: '9F26', value: hexToBytes(issuer.cryptogramHex) });
  if (issuer.cryptogramInfoHex) children.push({ tag: '9F27', value: hexToBytes(issuer.cryptogramInfoHex) });
  if (issuer.atc !== undefined)
    children.push({ tag: '9F36', value: Uint8Array.of(issuer.atc >> 8, issuer.atc & 0xff) });
  if (issuer.unpredictableNumberHex) {
    children.push({ tag: '9F37', value: hexToBytes(issuer.unpredictableNumberHex) });
  }
  return children.length > 0 ? { tag, children } : undefined;
}

/** Card data in the tag order of the EMVCo examples, so encoding them reproduces the published bytes. */
function cardDataTlv(data: z.output<typeof CardDataInputSchema>, transparentTag: '63' | '64'): TlvInput[] {
  const out: TlvInput[] = [];
  if (data.label !== undefined) out.push({ tag: '50', value: ascii(data.label) });
  if (data.track2) out.push({ tag: '57', value: encodeTrack2(data.track2) });
  if (data.pan !== undefined) out.push({ tag: '5A', value: digitsToBcd(data.pan) });
  if (data.cardholderName !== undefined) out.push({ tag: '5F20', value: ascii(data.cardholderName) });
  if (data.languages) out.push({ tag: '5F2D', value: ascii(data.languages.join('')) });
  if (data.issuerUrl !== undefined) out.push({ tag: '5F50', value: ascii(data.issuerUrl) });
  if (data.last4 !== undefined) out.push({ tag: '9F25', value: digitsToBcd(data.last4) });
  const issuer = data.issuerData ? issuerDataTlv(transparentTag, data.issuerData) : undefined;
  if (issuer) out.push(issuer);
  return out;
}

/** Builds a CPM payload (base64, at most 512 characters). Throws CPM_ENCODE_INVALID / CPM_ENCODE_TOO_LONG. */
export function encodeCpmPayload(input: CpmPayloadInput): string {
  const parsed = CpmPayloadInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw cpmErrors.encodeInvalid(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  const payload = parsed.data;
  const objects: TlvInput[] = [{ tag: '85', value: ascii(payload.formatIndicator) }];
  for (const application of payload.applications) {
    objects.push({
      tag: '61',
      children: [{ tag: '4F', value: hexToBytes(application.adfNameHex) }, ...cardDataTlv(application, '63')],
    });
  }
  if (payload.commonData) {
    const children = cardDataTlv(payload.commonData, '64');
    if (children.length > 0) objects.push({ tag: '62', children });
  }
  const text = Buffer.from(encodeTlv(objects)).toString('base64');
  if (text.length > MAX_QR_CONTENT_LENGTH) throw cpmErrors.encodeTooLong(text.length, MAX_QR_CONTENT_LENGTH);
  return text;
}
