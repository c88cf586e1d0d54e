// The serial number (sn) a provider returns with a successful purchase. For pulsa it is the
// operator's reference; for a PLN prepaid token it is the 20-digit token the customer types into the
// meter, often packed together with the customer's name, tariff, power and kWh in whatever layout the
// biller chose ("1234-5678-9012-3456-7890/BUDI/R1/1300VA/32,5", "TOKEN 1234 5678 ...#NAMA:..."). The
// journal keeps the sn exactly as received; this reads it defensively for display and never fails.

/** The longest sn we read: a real one is well under 200 characters. */
const MAX_SN_CHARS = 512;

export interface ReadSn {
  /** As received (cut to MAX_SN_CHARS). */
  raw: string;
  /** The PLN token in groups of four, when the sn holds twenty digits in a row (spaces or dashes allowed). */
  token?: string;
  name?: string;
  /** PLN tariff class, e.g. R1, R1M, B2. */
  tariff?: string;
  /** Connected power in VA. */
  powerVa?: number;
  /** Energy bought, as the biller wrote it (a decimal comma or point). */
  kwh?: string;
}

const TOKEN = /(?<!\d)(\d{4})[\s-]?(\d{4})[\s-]?(\d{4})[\s-]?(\d{4})[\s-]?(\d{4})(?!\d)/;
const TARIFF = /^(R1M|R1|R2|R3|B1|B2|B3|S1|S2|S3|I1|I2|I3|P1|P2|P3|L|T|C)$/i;
const POWER = /^(\d{3,6})\s*VA$/i;
const KWH = /^(\d{1,6}(?:[.,]\d{1,4})?)\s*(?:kwh)?$/i;
const LABEL = /^(?:token|nama|name|tarif|tariff|daya|power|kwh|sn)\s*[:=]\s*/i;

export function readSn(
  sn: string | null | undefined,
  options: { plnToken?: boolean } = {},
): ReadSn | undefined {
  if (sn === null || sn === undefined || sn.trim() === '') return undefined;
  const raw = sn.length > MAX_SN_CHARS ? sn.slice(0, MAX_SN_CHARS) : sn;
  const read: ReadSn = { raw };
  if (!options.plnToken) return read;
  const token = TOKEN.exec(raw);
  if (!token) return read;
  read.token = token.slice(1, 6).join('-');
  const rest = `${raw.slice(0, token.index)} ${raw.slice(token.index + token[0].length)}`;
  for (const piece of rest.split(/[/|;#\n]+/)) {
    const part = piece.trim().replace(LABEL, '');
    if (part === '' || /^token$/i.test(part)) continue;
    const power = POWER.exec(part);
    if (TARIFF.test(part) && read.tariff === undefined) read.tariff = part.toUpperCase();
    else if (power && read.powerVa === undefined) read.powerVa = Number(power[1]);
    else if (KWH.test(part) && read.kwh === undefined) read.kwh = KWH.exec(part)?.[1] ?? part;
    else if (/^[A-Za-z][A-Za-z .,'-]{1,59}$/.test(part) && read.name === undefined)
      read.name = part.toUpperCase();
  }
  return read;
}
