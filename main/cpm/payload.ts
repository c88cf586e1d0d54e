// The EMVCo consumer-presented (CPM) QR payload: base64 of BER-TLV. 85 format indicator first, then
// one or more 61 application templates, an optional 62 common data template, and transparent
// templates 63 (inside 61) / 64 (inside 62) with issuer data. Decoding checks a scan before anything
// is sent and gives the cashier the wallet's label and last 4 digits; encoding (encode-payload.ts)
// issues test QRs for the sandbox. The raw payload never appears in a result: journals get the
// fingerprint.

import { createHash } from 'node:crypto';
import { z } from 'zod';
import { withoutHiddenCharacters } from '../../preload/contract/visible-text';
import { bcdToDigits, decodeTrack2, lastFour, maskPan } from './card-data';
import { bytesToHex } from './hex';
import { cpmErrors } from './scan-errors';
import { scanTextToBytes, trimScanSuffix } from './scan-text';
import type { TlvObject } from './tlv';
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

/**
 * Text fields are ASCII ("ans") in EMV, but the customer's wallet writes them: control, invisible and
 * reordering characters (a right-to-left override) and undecodable bytes are dropped, so what reaches
 * the screen, a receipt or a CSV file reads as it is stored.
 */
function readText(bytes: Uint8Array): string {
  return withoutHiddenCharacters(new TextDecoder('utf-8').decode(bytes));
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
