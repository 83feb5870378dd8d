import fs from "node:fs";
import path from "node:path";

/**
 * What a contact types and what the demo flow (examples/flows/demo.json) must answer.
 * The texts are read from the flow document itself, so the bench follows the demo.
 *
 *   price path:   "hi" → menu,  "1" → pricing                                   (2 messages)
 *   support path: "hi" → menu,  "2" → email question,  "<email>" → thanks + email (3 messages)
 *
 * The support path ends with a handoff, after which the bot stays quiet for that contact,
 * so a contact walks its script once and is never used again.
 */
export interface DemoTexts {
  menu: string;
  pricing: string;
  askEmail: string;
  /** Contains {{contact.email}}. */
  thanksTemplate: string;
  menuFailed: string;
}

export interface Step {
  send: string;
  expect: string;
}

interface Block {
  id: string;
  settings?: Record<string, unknown>;
}

export function loadDemoTexts(appDir: string): DemoTexts {
  const file = path.join(appDir, "examples/flows/demo.json");
  const doc = JSON.parse(fs.readFileSync(file, "utf8")) as { blocks?: Block[] };
  const setting = (id: string, key: string): string => {
    const value = doc.blocks?.find((b) => b.id === id)?.settings?.[key];
    if (typeof value !== "string") throw new Error(`${file}: block "${id}" has no settings.${key}; update bench/demo-script.ts to the new demo flow`);
    return value;
  };
  return {
    menu: setting("menu", "question"),
    pricing: setting("pricing", "text"),
    askEmail: setting("ask_email", "question"),
    thanksTemplate: setting("support_ack", "text"),
    menuFailed: setting("menu_failed", "text"),
  };
}

export function thanksText(texts: DemoTexts, email: string): string {
  return texts.thanksTemplate.replace(/\{\{\s*contact\.email\s*\}\}/g, email);
}

const GREETINGS = ["hi", "Hi", "hello"];

/** Contact n's script: every other contact takes the support path. */
export function scriptFor(texts: DemoTexts, n: number, email: string): Step[] {
  const first: Step = { send: GREETINGS[n % GREETINGS.length]!, expect: texts.menu };
  if (n % 2 === 0) return [first, { send: "1", expect: texts.pricing }];
  return [first, { send: "2", expect: texts.askEmail }, { send: email, expect: thanksText(texts, email) }];
}

/**
 * The baseline's stateless stand-in for the flow: the answer is decided from the text
 * alone, so it gives the same replies as the demo without storing anything.
 */
export function statelessAnswer(texts: DemoTexts, text: string): string {
  const t = text.trim();
  const lower = t.toLowerCase();
  if (lower === "hi" || lower === "hello") return texts.menu;
  if (t === "1") return texts.pricing;
  if (t === "2") return texts.askEmail;
  if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return thanksText(texts, t);
  return texts.menuFailed;
}

/** Profile names with non-ASCII characters, so every body carries \uXXXX escapes. */
const NAMES = ["Ravi Kumar", "José Álvarez", "Zoë 😀", "Анна", "Mei 美", "Ahmed أحمد", "Priya ✨", "Łukasz"];

export function contactName(n: number): string {
  return `${NAMES[n % NAMES.length]} ${n}`;
}

/** Distinct plausible Indian mobile numbers (digits, no +). */
export function contactWaId(n: number): string {
  return `9198${String(n).padStart(8, "0")}`;
}
