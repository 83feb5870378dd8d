import { WA_LIMITS } from "@/lib/channels/content";
import { checkLength, checkRequiredText, checkVariableTarget, duplicates } from "../checks";
import type { SettingsIssue } from "../types";
import { RESERVED_REPLY_OUTPUTS, replyChoices, replyDefaults, replyKind, replyWaits, type ReplySettings } from "./schema";

/** WhatsApp's rules for each kind of reply, checked before publishing. */
export function checkReplySettings(s: ReplySettings): SettingsIssue[] {
  const kind = replyKind(s);
  const issues: SettingsIssue[] = [];
  if (kind === "text") {
    issues.push(...checkRequiredText(s.text, "empty_text", "Write the message to send."));
    issues.push(...checkLength(s.text, WA_LIMITS.textBody, "The message"));
  }
  if (kind === "media") issues.push(...checkMedia(s));
  if (kind === "buttons" || kind === "list") issues.push(...checkInteractive(s));
  if (kind === "buttons") issues.push(...checkButtons(s));
  if (kind === "list") issues.push(...checkList(s));
  if (kind === "template") {
    if (!s.template?.name.trim()) issues.push({ code: "missing_template", message: "Choose the approved template to send." });
    if (s.template && !s.template.language.trim()) issues.push({ code: "missing_language", message: "Choose the template language." });
  }
  if (s.noReplyAfterMinutes !== undefined) {
    if (!replyWaits(s)) {
      issues.push({ code: "timeout_without_wait", severity: "warning", message: "“No reply after” only applies to buttons and lists." });
    } else if (!Number.isInteger(s.noReplyAfterMinutes) || s.noReplyAfterMinutes < 1 || s.noReplyAfterMinutes > replyDefaults.maxNoReplyMinutes) {
      issues.push({ code: "invalid_timeout", message: `“No reply after” must be a whole number of minutes between 1 and ${replyDefaults.maxNoReplyMinutes}.` });
    }
  }
  if (s.saveChoiceAs !== undefined) issues.push(...checkVariableTarget(s.saveChoiceAs));
  return issues;
}

function checkMedia(s: ReplySettings): SettingsIssue[] {
  const url = s.media?.url.trim() ?? "";
  if (!url) return [{ code: "missing_media_url", message: "Enter the link to the image, video, audio or document." }];
  const issues: SettingsIssue[] = [];
  if (!/^(https:\/\/|http:\/\/|\{\{)/i.test(url)) issues.push({ code: "invalid_media_url", message: "The media link must start with https://." });
  issues.push(...checkLength(s.media?.caption, WA_LIMITS.caption, "The caption"));
  return issues;
}

function checkInteractive(s: ReplySettings): SettingsIssue[] {
  return [
    ...checkRequiredText(s.text, "empty_text", "Write the message shown above the options."),
    ...checkLength(s.text, WA_LIMITS.interactiveBody, "The message above the options"),
    ...checkLength(s.header, WA_LIMITS.interactiveHeader, "The header"),
    ...checkLength(s.footer, WA_LIMITS.interactiveFooter, "The footer"),
    ...checkChoiceIds(s),
  ];
}

function checkChoiceIds(s: ReplySettings): SettingsIssue[] {
  const choices = replyChoices(s);
  const issues: SettingsIssue[] = [];
  for (const id of duplicates(choices.map((c) => c.id))) {
    issues.push({ code: "duplicate_button_id", message: `Two options share the id “${id}”; each option needs its own.` });
  }
  for (const c of choices) {
    if (!c.id.trim()) issues.push({ code: "missing_button_id", message: `The option “${c.title}” has no id.` });
    if ((RESERVED_REPLY_OUTPUTS as readonly string[]).includes(c.id)) {
      issues.push({ code: "reserved_output_id", message: `“${c.id}” is reserved; give the option “${c.title}” another id.` });
    }
    if (!c.title.trim()) issues.push({ code: "missing_button_title", message: "Every option needs a title." });
  }
  return issues;
}

function checkButtons(s: ReplySettings): SettingsIssue[] {
  const buttons = s.buttons ?? [];
  const issues: SettingsIssue[] = [];
  if (buttons.length === 0) issues.push({ code: "no_buttons", message: "Add at least one button." });
  if (buttons.length > WA_LIMITS.buttonCount) {
    issues.push({ code: "too_many_buttons", message: `This reply has ${buttons.length} buttons; WhatsApp allows at most ${WA_LIMITS.buttonCount}. Use a list for more options.` });
  }
  for (const b of buttons) {
    issues.push(...checkLength(b.title, WA_LIMITS.buttonTitle, `The button title “${b.title}”`, "button_title_too_long"));
    issues.push(...checkLength(b.id, WA_LIMITS.buttonId, "A button id", "button_id_too_long"));
  }
  return issues;
}

function checkList(s: ReplySettings): SettingsIssue[] {
  const sections = s.list?.sections ?? [];
  const rows = sections.flatMap((x) => x.rows);
  const issues: SettingsIssue[] = [];
  if (rows.length === 0) issues.push({ code: "no_list_rows", message: "Add at least one row to the list." });
  if (rows.length > WA_LIMITS.listRows) {
    issues.push({ code: "too_many_list_rows", message: `This list has ${rows.length} rows; WhatsApp allows at most ${WA_LIMITS.listRows}.` });
  }
  if (sections.length > WA_LIMITS.listSections) {
    issues.push({ code: "too_many_list_sections", message: `This list has ${sections.length} sections; WhatsApp allows at most ${WA_LIMITS.listSections}.` });
  }
  if (sections.length > 1 && sections.some((x) => !x.title?.trim())) {
    issues.push({ code: "missing_section_title", message: "When a list has several sections, each needs a title." });
  }
  if (sections.some((x) => x.rows.length === 0)) issues.push({ code: "empty_list_section", message: "Remove empty list sections." });
  issues.push(...checkLength(s.list?.button, WA_LIMITS.listButton, "The list button label", "list_button_too_long"));
  for (const x of sections) issues.push(...checkLength(x.title, WA_LIMITS.listSectionTitle, `The section title “${x.title}”`, "section_title_too_long"));
  for (const r of rows) {
    issues.push(...checkLength(r.title, WA_LIMITS.listRowTitle, `The row title “${r.title}”`, "row_title_too_long"));
    issues.push(...checkLength(r.description, WA_LIMITS.listRowDescription, `The description of “${r.title}”`, "row_description_too_long"));
    issues.push(...checkLength(r.id, WA_LIMITS.listRowId, "A row id", "row_id_too_long"));
  }
  return issues;
}
