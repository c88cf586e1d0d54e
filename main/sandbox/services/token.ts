// Token B2B (73).
import { TokenB2bRequestSchema } from '../../snap/schemas';
import type { ServiceHandler } from '../core';
import { ok } from '../core';
import { validateBody } from '../validation';

export const handleToken: ServiceHandler = (core, request) => {
  validateBody(TokenB2bRequestSchema, request.body);
  const { accessToken, expiresIn } = core.tokens.issue(request.partner.config.clientKey, request.now);
  return ok({ accessToken, tokenType: 'Bearer', expiresIn });
};
