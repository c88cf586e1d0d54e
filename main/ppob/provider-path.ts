// A provider's endpoint path as a profile may set it: absolute on the provider's base URL.

import { z } from 'zod';

export const ProviderPathSchema = z.string().startsWith('/');
