// How the settings schemas word a field's error: as a message key ('v.required', 'v.tooLong:36'), which
// the renderer turns into the cashier's language. One rule for every module that builds them.

/** zod's error option carrying message key `key`. */
export const fieldError = (key: string) => ({ error: key });
