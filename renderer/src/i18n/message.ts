/** One message: a string, or plural forms for a message with a {count} (Indonesian needs none). */
export type Message = string | { readonly one: string; readonly other: string };
