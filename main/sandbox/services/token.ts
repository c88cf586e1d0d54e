// Token B2B (73). The body's field is grantType in the spec; the provider preset says which spellings
// this sandbox's provider takes (the standard also takes grant_type, which some published clients
// send, and says so in its log).
import type { ProviderRules } from '../../snap/provider-presets';
import { TokenB2bRequestSchema } from '../../snap/schemas';
import type { ServiceHandler } from '../core';
import { ok } from '../core';
import { validateBody } from '../validation';

export const handleToken: ServiceHandler = (core, request) => {
  const field = tokenBodyField(core.rules, request.body);
  if (field === 'grant_type') {
    core.log(`token: body field grant_type accepted; the SNAP spec spells it grantType`);
    const { grant_type: grantType, ...rest } = request.body as Record<string, unknown>;
    validateBody(TokenB2bRequestSchema, { ...rest, grantType });
  } else {
    validateBody(TokenB2bRequestSchema, request.body);
  }
  const { accessToken, expiresIn } = core.tokens.issue(request.partner.config.clientKey, request.now);
  return ok({ accessToken, tokenType: 'Bearer', expiresIn });
};

/** The accepted spelling the body uses; a body with none of them is held to grantType. */
function tokenBodyField(rules: ProviderRules, body: unknown): 'grantType' | 'grant_type' {
  const present = (name: string) => body !== null && typeof body === 'object' && name in body;
  if (present('grantType') && rules.tokenBody.accepted.includes('grantType')) return 'grantType';
  if (present('grant_type') && rules.tokenBody.accepted.includes('grant_type')) return 'grant_type';
  // A provider that reads only grantType finds it missing: 400xx02 grantType.
  return 'grantType';
}
