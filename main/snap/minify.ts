// SNAP's "minify" removes whitespace between JSON tokens and nothing else: key order, escapes and
// every character inside strings stay as sent. JSON.parse + JSON.stringify does exactly that
// (a provider library that strips all whitespace breaks bodies with spaces inside values).

export class BodyNotJsonError extends Error {
  readonly code = 'BODY_NOT_JSON';
  constructor(cause: unknown) {
    super(`The body is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export function minifyJsonBody(raw: string): string {
  if (raw.trim() === '') return '';
  try {
    return JSON.stringify(JSON.parse(raw));
  } catch (error) {
    throw new BodyNotJsonError(error);
  }
}
