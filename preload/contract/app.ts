import { z } from 'zod';

export const LanguageSchema = z.enum(['id', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which backend the core talks to: the embedded simulator, or a real SNAP provider. */
  backend: z.enum(['sandbox', 'provider']),
  language: LanguageSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const NoPayload = z.undefined();

export const appChannels = {
  'app:info': { request: NoPayload, response: AppInfoSchema },
} as const;
