/**
 * A server type as the browser receives it over JSON: every Date becomes its ISO string.
 * Client-side types derive from the server's with this instead of restating them.
 */
export type Serialized<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;
