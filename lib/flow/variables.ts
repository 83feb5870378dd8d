/**
 * Variable naming. Flow variables live in the session; `contact.<key>` targets are
 * contact attributes that outlive the session. The roots below are read-only views the
 * engine builds each turn, so a flow variable may not shadow them.
 */
export const RESERVED_ROOTS = ["contact", "message", "api", "flow"] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Contact fields that come from WhatsApp itself and cannot be overwritten by a flow. */
const READ_ONLY_CONTACT_KEYS = new Set(["phone", "firstContact"]);

export const CONTACT_PREFIX = "contact.";

export function isContactTarget(name: string): boolean {
  return name.startsWith(CONTACT_PREFIX);
}

/**
 * Why a name cannot be written to, or null when it can. Messages are for operators,
 * so they say what to do rather than quote the pattern.
 */
export function variableTargetProblem(name: string | undefined): string | null {
  if (!name || !name.trim()) return "Choose a variable to save the value in.";
  if (isContactTarget(name)) {
    const key = name.slice(CONTACT_PREFIX.length);
    if (!NAME.test(key)) return `“${name}” is not a valid contact field name. Use letters, digits and _ after “contact.”.`;
    if (READ_ONLY_CONTACT_KEYS.has(key)) return `“${name}” comes from WhatsApp and cannot be changed by a flow.`;
    return null;
  }
  if (!NAME.test(name)) {
    return `“${name}” is not a valid variable name. Start with a letter and use only letters, digits and _ (max 64).`;
  }
  if ((RESERVED_ROOTS as readonly string[]).includes(name)) {
    return `“${name}” is reserved for built-in values. Pick another name.`;
  }
  return null;
}
