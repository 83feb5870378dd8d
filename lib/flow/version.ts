/** The flow document format version written by this code. Bump it with a migration. */
export const CURRENT_VERSION = 1 as const;
