// What a settings change changed, in one line for the audit log: the fields that differ, old → new.
// Profile fields are not secret (the client secret and keys live in the vault and are only ever
// named, never shown), so the line can carry their values; it is kept short, the log clips it.

import type { ProfileFields } from '../../preload/contract/settings';

const show = (value: unknown) => JSON.stringify(value);

/** "baseUrl: "https://a" → "https://b"; merchantId: …", or "created …" for a new profile. */
export function describeProfileChange(
  before: ProfileFields | undefined,
  after: ProfileFields,
  clientSecret: 'replaced' | 'kept',
): string {
  const secret = clientSecret === 'replaced' ? ['client secret replaced'] : [];
  if (before === undefined) {
    return [`created ${show(after.name)} at ${show(after.baseUrl)}`, ...secret].join('; ');
  }
  const changed = (Object.keys(after) as (keyof ProfileFields)[])
    .filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]))
    .map((key) => `${key}: ${show(before[key])} → ${show(after[key])}`);
  const parts = [...changed, ...secret];
  return parts.length === 0 ? 'nothing changed' : parts.join('; ');
}

/** The names of the top-level settings that differ between two objects. */
export function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return Object.keys(after).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
}

/** What a save of the PPOB prices changed, for the audit log: which categories, products, thresholds. */
export function describePricingChange(
  before: { categories: object; products: object; lowBalance: object },
  after: { categories: object; products: object; lowBalance: object },
): string {
  const parts = (['categories', 'products', 'lowBalance'] as const).flatMap((section) => {
    const keys = changedKeys(
      { ...(before[section] as Record<string, unknown>), ...keysOf(after[section]) },
      { ...keysOf(before[section]), ...(after[section] as Record<string, unknown>) },
    );
    return keys.length === 0 ? [] : [`${section}: ${keys.sort().join(', ')}`];
  });
  return parts.length === 0 ? 'no change' : parts.join('; ');
}

/** Every key of `section` set to undefined: a key removed on one side still shows as changed. */
function keysOf(section: object): Record<string, unknown> {
  return Object.fromEntries(Object.keys(section).map((key) => [key, undefined]));
}
