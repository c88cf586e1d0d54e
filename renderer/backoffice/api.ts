// The back office's calls to the server that serves it, with the admin key it was signed in with.
// Answers are checked against the shared contract; errors carry the server's message in both languages.
import type { z } from 'zod';
import { ApiErrorSchema } from '../../preload/contract/backoffice';

const KEY = 'kasir-backoffice-key';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messages: { id: string; en: string },
  ) {
    super(messages.en);
  }
}

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  set: (key: string) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.removeItem(KEY),
};

async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, {
    ...init,
    headers: {
      Authorization: `Bearer ${session.key() ?? ''}`,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });
  if (!response.ok) {
    const body = ApiErrorSchema.safeParse(await response.json().catch(() => undefined));
    throw body.success
      ? new ApiError(response.status, body.data.error.code, body.data.error.message)
      : new ApiError(response.status, `HTTP_${response.status}`, {
          id: `Server menjawab HTTP ${response.status}.`,
          en: `The server answered HTTP ${response.status}.`,
        });
  }
  return response;
}

export async function get<S extends z.ZodType>(path: string, schema: S): Promise<z.output<S>> {
  return schema.parse(await (await send(path)).json());
}

export async function post<S extends z.ZodType>(
  path: string,
  body: unknown,
  schema: S,
): Promise<z.output<S>> {
  return schema.parse(await (await send(path, { method: 'POST', body: JSON.stringify(body) })).json());
}

/** Downloads a file the server sends (the CSV), with the admin key, as the browser's own download. */
export async function download(path: string, fileName: string): Promise<void> {
  const blob = await (await send(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
