// The EMVCo consumer-presented (CPM) QR payload: base64 of BER-TLV. 85 format indicator first, then
// one or more 61 application templates, an optional 62 common data template, and transparent
// templates 63 (inside 61) / 64 (inside 62) with issuer data. Decoding checks a scan before anything
// is sent and gives the cashier the wallet's label and last 4 digits; encoding issues test QRs for
// the sandbox. The raw payload never appears in a result: journals get the fingerprint.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { bcdToDigits, decodeTrack2, digitsToBcd, encodeTrack2, lastFour, maskPan } from './card-data';
import { bytesToHex, hexToBytes } from './hex';
import { cpmErrors } from './scan-errors';
import { MAX_QR_CONTENT_LENGTH, scanTextToBytes, trimScanSuffix } from './scan-text';
import type { TlvInput, TlvObject } from './tlv';
import { decodeTlv, encodeTlv, findAllTlv, findTlv, TlvDecodeError } from './tlv';

// ---------------------------------------------------------------------------------------------------
// Decoded form

export const IssuerDataSchema = z.object({
  /** The whole 63/64 template (tag and length included) as upper-case hex. */
  templateHex: z.string(),
  /** 9F10 Issuer Application Data */
  issuerApplicationDataHex: z.string().optional(),
  /** 9F26 Application Cryptogram */
  cryptogramHex: z.string().optional(),
  /** 9F27 Cryptogram Information Data */
  cryptogramInfoHex: z.string().optional(),
  /** 9F36 Application Transaction Counter */
  atc: z.number().int().optional(),
  /** 9F37 Unpredictable Number */
  unpredictableNumberHex: z.string().optional(),
  otherTags: z.array(z.string()),
});

export const CardDataSchema = z.object({
  /** 50 Application Label */
  label: z.string().optional(),
  /** 5A PAN with all but the last 4 digits hidden. The full PAN is never returned. */
  maskedPan: z.string().optional(),
  /** 9F25, or else the end of 5A or of the PAN in 57. */
  last4: z.string().optional(),
  /** 57 Track 2 Equivalent Data, PAN masked, discretionary data left out. */
  track2: z.object({ maskedPan: z.string(), expiry: z.string(), serviceCode: z.string() }).optional(),
  /** 5F20 Cardholder Name */
  cardholderName: z.string().optional(),
  /** 5F2D Language Preference, split into ISO 639-1 codes: "ruesdeen" → ['ru', 'es', 'de', 'en']. */
  languages: z.array(z.string()).optional(),
  /** 5F50 Issuer URL */
  issuerUrl: z.string().optional(),
  /** 9F08 Application Version Number */
  applicationVersionHex: z.string().optional(),
  /** 9F19 Token Requestor ID */
  tokenRequestorIdHex: z.string().optional(),
  /** 9F24 Payment Account Reference */
  paymentAccountReference: z.string().optional(),
  /** 63 in an application template, 64 in the common data template. */
  issuerData: IssuerDataSchema.optional(),
  /** Tags we do not interpret (national or proprietary), named so support can see them. */
  otherTags: z.array(z.string()),
});

export const CpmApplicationSchema = CardDataSchema.extend({
  /** 4F Application Definition File name, upper-case hex. */
  adfName: z.string(),
});

export const DecodedCpmSchema = z.object({
  /** 85 Payload Format Indicator: "CPV01", or a national variant's value. */
  formatIndicator: z.string(),
  applications: z.array(CpmApplicationSchema).min(1),
  /** 62 Common Data Template */
  commonData: CardDataSchema.optional(),
  /** What the cashier and the receipt show: the first application's label and the last 4 digits. */
  display: z.object({ label: z.string().optional(), last4: z.string().optional() }),
  /** First 16 hex characters of SHA-256 over the scan text: how journals and duplicate checks name a QR. */
  fingerprint: z.string(),
  /** Top-level tags other than 85, 61 and 62. */
  otherTags: z.array(z.string()),
});

export type IssuerData = z.infer<typeof IssuerDataSchema>;
export type CpmCardData = z.infer<typeof CardDataSchema>;
export type CpmApplication = z.infer<typeof CpmApplicationSchema>;
export type DecodedCpm = z.infer<typeof DecodedCpmSchema>;

export function cpmFingerprint(scan: string): string {
  return createHash('sha256').update(trimScanSuffix(scan), 'utf8').digest('hex').slice(0, 16);
}

/** Text fields are ASCII ("ans") in EMV; control characters are dropped so nothing odd reaches the screen. */
function readText(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(bytes);
  return Array.from(text)
    .filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code >= 0x20 && !(code >= 0x7f && code < 0xa0);
    })
    .join('');
}

function readUnsigned(bytes: Uint8Array): number | undefined {
  if (bytes.length === 0 || bytes.length > 4) return undefined;
  return bytes.reduce((n, b) => n * 256 + b, 0);
}

function readIssuerData(template: TlvObject): IssuerData {
  const data: IssuerData = { templateHex: bytesToHex(encodeTlv([template])), otherTags: [] };
  for (const child of template.children ?? []) {
    switch (child.tag) {
      case '9F10':
        data.issuerApplicationDataHex ??= bytesToHex(child.value);
        break;
      case '9F26':
        data.cryptogramHex ??= bytesToHex(child.value);
        break;
      case '9F27':
        data.cryptogramInfoHex ??= bytesToHex(child.value);
        break;
      case '9F36':
        data.atc ??= readUnsigned(child.value);
        break;
      case '9F37':
        data.unpredictableNumberHex ??= bytesToHex(child.value);
        break;
      default:
        data.otherTags.push(child.tag);
    }
  }
  return data;
}

/**
 * Optional fields are read leniently: one malformed optional field (a PAN that is not BCD, say) is left
 * out rather than refusing the QR, because the provider, not us, decides whether the payment is good.
 */
function readCardData(objects: readonly TlvObject[]): CpmCardData {
  const data: CpmCardData = { otherTags: [] };
  let pan: string | undefined;
  let trackPan: string | undefined;
  for (const object of objects) {
    switch (object.tag) {
      case '4F':
        break;
      case '50':
        data.label ??= readText(object.value);
        break;
      case '57': {
        const track = decodeTrack2(object.value);
        if (track && data.track2 === undefined) {
          trackPan = track.pan;
          data.track2 = {
            maskedPan: maskPan(track.pan),
            expiry: track.expiry,
            serviceCode: track.serviceCode,
          };
        }
        break;
      }
      case '5A':
        pan ??= bcdToDigits(object.value);
        break;
      case '5F20':
        data.cardholderName ??= readText(object.value);
        break;
      case '5F2D':
        data.languages ??= readText(object.value).match(/.{1,2}/g) ?? [];
        break;
      case '5F50':
        data.issuerUrl ??= readText(object.value);
        break;
      case '9F08':
        data.applicationVersionHex ??= bytesToHex(object.value);
        break;
      case '9F19':
        data.tokenRequestorIdHex ??= bytesToHex(object.value);
        break;
      case '9F24':
        data.paymentAccountReference ??= readText(object.value);
        break;
      case '9F25': {
        const digits = bcdToDigits(object.value);
        if (digits?.length === 4) data.last4 ??= digits;
        break;
      }
      case '63':
      case '64':
        data.issuerData ??= readIssuerData(object);
        break;
      default:
        data.otherTags.push(object.tag);
    }
  }
  if (pan !== undefined) data.maskedPan = maskPan(pan);
  const panForLast4 = pan ?? trackPan;
  if (data.last4 === undefined && panForLast4 !== undefined) {
    const last4 = lastFour(panForLast4);
    if (last4 !== undefined) data.last4 = last4;
  }
  return data;
}

function readApplication(template: TlvObject, index: number): CpmApplication {
  const children = template.children ?? [];
  const adf = findTlv(children, '4F');
  if (!adf) throw cpmErrors.adfInvalid(index);
  if (adf.value.length < 5 || adf.value.length > 16) throw cpmErrors.adfInvalid(index, adf.value.length);
  return { adfName: bytesToHex(adf.value), ...readCardData(children) };
}

function decodeTlvForCashier(bytes: Uint8Array): TlvObject[] {
  try {
    return decodeTlv(bytes);
  } catch (error) {
    if (!(error instanceof TlvDecodeError)) throw error;
    // A scan cut short leaves the last top-level object claiming more bytes than arrived; anything
    // wrong deeper inside (or a misaligned byte in the middle) is damage, not truncation.
    const cutShort =
      error.depth === 0 &&
      (error.reason === 'truncated-tag' ||
        error.reason === 'truncated-length' ||
        error.reason === 'value-overruns');
    throw cutShort
      ? cpmErrors.truncated(error.raw, error)
      : cpmErrors.damaged(error.offset, error.raw, error);
  }
}

/**
 * Checks a scan and reads the CPM payload in it. Trailing CR, LF and Tab (scanner suffixes) are
 * ignored; any other character counts. Throws KasirError with a CPM_* code the cashier can act on.
 */
export function decodeCpmPayload(scan: string): DecodedCpm {
  const text = trimScanSuffix(scan);
  const objects = decodeTlvForCashier(scanTextToBytes(text));

  const indicator = objects[0];
  if (indicator?.tag !== '85') throw cpmErrors.notCpm();

  const templates = findAllTlv(objects, '61');
  if (templates.length === 0) throw cpmErrors.noApplication();
  const applications = templates.map(readApplication);

  const common = findTlv(objects, '62');
  const commonData = common ? readCardData(common.children ?? []) : undefined;

  const first = applications[0];
  const label = first?.label ?? commonData?.label;
  const last4 = first?.last4 ?? commonData?.last4;

  return {
    formatIndicator: readText(indicator.value),
    applications,
    ...(commonData ? { commonData } : {}),
    display: { ...(label !== undefined ? { label } : {}), ...(last4 !== undefined ? { last4 } : {}) },
    fingerprint: cpmFingerprint(text),
    otherTags: objects.filter((o) => !['85', '61', '62'].includes(o.tag)).map((o) => o.tag),
  };
}

// ---------------------------------------------------------------------------------------------------
// Encoding (sandbox and demo QRs)

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
