import { z } from 'zod';

export const LanguageSchema = z.enum(['id', 'en']);
export type Language = z.infer<typeof LanguageSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** Which backend the core talks to: the embedded simulator, or a real SNAP provider. */
  backend: z.enum(['sandbox', 'provider']),
  /** The one saved language setting: the header toggle and Settings both change it, every screen shows it. */
  language: LanguageSchema,
  /** Minutes east of UTC of the terminal's clock (420 for WIB): every time on screen is shown in it. */
  utcOffsetMinutes: z.number().int().min(-720).max(840),
  /**
   * The sandbox's documented demo PIN while no supervisor PIN is set (shown as a hint where a PIN is
   * asked for); null against a real provider or once a PIN is set.
   */
  demoPin: z
    .string()
    .regex(/^\d{6}$/)
    .nullable(),
  /** A customer display window is open on a second screen: the main window need not show one. */
  customerScreen: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const NoPayload = z.undefined();

export const appChannels = {
  'app:info': { request: NoPayload, response: AppInfoSchema },
  /** Saves the language setting (the same one Settings shows) and answers with the app's info. */
  'app:language:set': { request: z.strictObject({ language: LanguageSchema }), response: AppInfoSchema },
} as const;
