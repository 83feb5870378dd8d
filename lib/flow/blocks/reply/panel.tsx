"use client";

import { Plus } from "lucide-react";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import {
  CheckboxField,
  ChoiceField,
  Counter,
  ItemActions,
  NumberField,
  Section,
  SelectField,
  StringListField,
  TextField,
  move,
  nextId,
  patch,
} from "@/components/flow-editor/fields";
import { Button } from "@/components/ui/button";
import { MEDIA_TYPES, WA_LIMITS } from "@/lib/channels/content";

import { replyDefaults, replyKind, type ReplySettings } from "./schema";

const KINDS = [
  { value: "text", label: "Text" },
  { value: "buttons", label: "Buttons" },
  { value: "list", label: "List" },
  { value: "media", label: "Media" },
  { value: "template", label: "Template" },
] as const;

type ReplyButton = NonNullable<ReplySettings["buttons"]>[number];
type ListSection = NonNullable<ReplySettings["list"]>["sections"][number];

function ButtonsEditor({ settings, onChange, readOnly }: BlockPanelProps<ReplySettings>) {
  const buttons = settings.buttons ?? [];
  const set = (next: ReplyButton[]) => onChange({ ...settings, buttons: next });
  const full = buttons.length >= WA_LIMITS.buttonCount;
  return (
    <Section
      title="Buttons"
      description="Each button is an output on the canvas. Customers can also type the title."
      actions={<Counter id="reply-button-count" length={buttons.length} max={WA_LIMITS.buttonCount} label="buttons" />}
    >
      {buttons.map((button, index) => (
        <div key={button.id} className="flex items-start gap-1">
          <TextField
            className="flex-1"
            label={`Button ${index + 1}`}
            value={button.title}
            max={WA_LIMITS.buttonTitle}
            placeholder="e.g. Price"
            disabled={readOnly}
            testId={`reply-button-${index}`}
            onChange={(title) => set(buttons.map((b, i) => (i === index ? { ...b, title } : b)))}
          />
          <div className="pt-5">
            <ItemActions
              name={`button ${index + 1}`}
              index={index}
              count={buttons.length}
              disabled={readOnly}
              removeTestId={`reply-button-${index}-remove`}
              onMove={(from, to) => set(move(buttons, from, to))}
              onRemove={() => set(buttons.filter((_, i) => i !== index))}
            />
          </div>
        </div>
      ))}
      {readOnly ? null : (
        <div className="grid gap-1">
          <Button
            variant="outline"
            size="sm"
            className="justify-self-start"
            disabled={full}
            data-testid="reply-add-button"
            aria-describedby={full ? "reply-buttons-full" : undefined}
            onClick={() => set([...buttons, { id: nextId("btn", buttons.map((b) => b.id)), title: "" }])}
          >
            <Plus aria-hidden />
            Add button
          </Button>
          {full ? (
            <p id="reply-buttons-full" className="text-xs text-muted-foreground">
              WhatsApp allows {WA_LIMITS.buttonCount} buttons. For more choices, switch to a list (up to {WA_LIMITS.listRows} rows).
            </p>
          ) : null}
        </div>
      )}
    </Section>
  );
}

function ListEditor({ settings, onChange, readOnly }: BlockPanelProps<ReplySettings>) {
  const list = settings.list ?? { sections: [] };
  const sections = list.sections;
  const rows = sections.flatMap((s) => s.rows);
  const full = rows.length >= WA_LIMITS.listRows;
  const setSections = (next: ListSection[]) => onChange({ ...settings, list: { ...list, sections: next } });
  const setSection = (index: number, section: ListSection) => setSections(sections.map((s, i) => (i === index ? section : s)));
  const allIds = rows.map((r) => r.id);
  return (
    <>
      <TextField
        label="List button"
        value={list.button}
        placeholder={replyDefaults.listButton}
        max={WA_LIMITS.listButton}
        disabled={readOnly}
        hint="The button that opens the list."
        onChange={(button) => onChange({ ...settings, list: { ...list, button: button || undefined } })}
      />
      <Section
        title="Rows"
        description="Each row is an output on the canvas."
        actions={<Counter id="reply-row-count" length={rows.length} max={WA_LIMITS.listRows} label="rows" />}
      >
        {sections.map((section, si) => (
          <fieldset key={si} className="grid gap-2 rounded-lg border p-3">
            <legend className="sr-only">Section {si + 1}</legend>
            <div className="flex items-start gap-1">
              <TextField
                className="flex-1"
                label={`Section ${si + 1} title${sections.length > 1 ? "" : " (optional)"}`}
                value={section.title}
                max={WA_LIMITS.listSectionTitle}
                disabled={readOnly}
                onChange={(title) => setSection(si, { ...section, title: title || undefined })}
              />
              <div className="pt-5">
                <ItemActions
                  name={`section ${si + 1}`}
                  index={si}
                  count={sections.length}
                  disabled={readOnly}
                  onMove={(from, to) => setSections(move(sections, from, to))}
                  onRemove={() => setSections(sections.filter((_, i) => i !== si))}
                />
              </div>
            </div>
            {section.rows.map((row, ri) => (
              <div key={row.id} className="grid gap-2 border-t pt-2">
                <div className="flex items-start gap-1">
                  <TextField
                    className="flex-1"
                    label={`Row ${ri + 1} title`}
                    value={row.title}
                    max={WA_LIMITS.listRowTitle}
                    disabled={readOnly}
                    testId={`reply-row-${si}-${ri}`}
                    onChange={(title) => setSection(si, { ...section, rows: section.rows.map((r, i) => (i === ri ? { ...r, title } : r)) })}
                  />
                  <div className="pt-5">
                    <ItemActions
                      name={`row ${ri + 1}`}
                      index={ri}
                      count={section.rows.length}
                      disabled={readOnly}
                      onMove={(from, to) => setSection(si, { ...section, rows: move(section.rows, from, to) })}
                      onRemove={() => setSection(si, { ...section, rows: section.rows.filter((_, i) => i !== ri) })}
                    />
                  </div>
                </div>
                <TextField
                  label={`Row ${ri + 1} description (optional)`}
                  value={row.description}
                  max={WA_LIMITS.listRowDescription}
                  disabled={readOnly}
                  onChange={(description) =>
                    setSection(si, { ...section, rows: section.rows.map((r, i) => (i === ri ? { ...r, description: description || undefined } : r)) })
                  }
                />
              </div>
            ))}
            {readOnly ? null : (
              <Button
                variant="outline"
                size="sm"
                className="justify-self-start"
                disabled={full}
                data-testid={`reply-add-row-${si}`}
                onClick={() => setSection(si, { ...section, rows: [...section.rows, { id: nextId("row", allIds), title: "" }] })}
              >
                <Plus aria-hidden />
                Add row
              </Button>
            )}
          </fieldset>
        ))}
        {full ? <p className="text-xs text-muted-foreground">WhatsApp allows {WA_LIMITS.listRows} rows in a list.</p> : null}
        {readOnly ? null : (
          <Button
            variant="ghost"
            size="sm"
            className="justify-self-start"
            disabled={sections.length >= WA_LIMITS.listSections || full}
            onClick={() => setSections([...sections, { title: "", rows: [{ id: nextId("row", allIds), title: "" }] }])}
          >
            <Plus aria-hidden />
            Add section
          </Button>
        )}
      </Section>
    </>
  );
}

function WaitOptions({ settings, onChange, readOnly }: BlockPanelProps<ReplySettings>) {
  return (
    <Section title="Waiting for the choice" description="The bot waits here until the customer picks an option.">
      <TextField
        label="Save the chosen title in a variable (optional)"
        value={settings.saveChoiceAs}
        placeholder="e.g. choice"
        disabled={readOnly}
        mono
        onChange={(saveChoiceAs) => onChange(patch(settings, { saveChoiceAs }))}
      />
      <NumberField
        label="“No reply” output after (minutes, optional)"
        value={settings.noReplyAfterMinutes}
        min={1}
        max={replyDefaults.maxNoReplyMinutes}
        step={1}
        disabled={readOnly}
        hint="Adds a “No reply” output taken when nobody answers in time."
        onChange={(noReplyAfterMinutes) => onChange(patch(settings, { noReplyAfterMinutes }))}
      />
    </Section>
  );
}

export function ReplyPanel(props: BlockPanelProps<ReplySettings>) {
  const { settings, onChange, readOnly } = props;
  const kind = replyKind(settings);

  function setKind(value: string) {
    const next = patch(settings, { kind: value as ReplySettings["kind"] });
    if (value === "buttons" && !next.buttons?.length) next.buttons = [{ id: "btn_1", title: "" }];
    if (value === "list" && !next.list?.sections.length) next.list = { sections: [{ rows: [{ id: "row_1", title: "" }] }] };
    if (value === "media" && !next.media) next.media = { type: "image", url: "" };
    if (value === "template" && !next.template) next.template = { name: "", language: "en" };
    onChange(next);
  }

  const interactive = kind === "buttons" || kind === "list";
  return (
    <div className="grid gap-4">
      <ChoiceField label="Send" value={kind} options={KINDS} disabled={readOnly} testId="reply-kind" onChange={setKind} />
      {kind === "text" ? (
        <>
          <TextField
            label="Message"
            value={settings.text}
            multiline
            rows={5}
            variables
            max={WA_LIMITS.textBody}
            disabled={readOnly}
            testId="reply-text"
            placeholder="Hello {{contact.name}}! How can we help?"
            hint="Type {{ to insert a variable."
            onChange={(text) => onChange(patch(settings, { text }))}
          />
          <CheckboxField
            label="Show a preview of the first link"
            checked={settings.previewUrl ?? false}
            disabled={readOnly}
            onChange={(previewUrl) => onChange(patch(settings, { previewUrl: previewUrl || undefined }))}
          />
        </>
      ) : null}
      {interactive ? (
        <>
          <TextField
            label="Header (optional)"
            value={settings.header}
            max={WA_LIMITS.interactiveHeader}
            variables
            disabled={readOnly}
            onChange={(header) => onChange(patch(settings, { header }))}
          />
          <TextField
            label="Message"
            value={settings.text}
            multiline
            rows={4}
            variables
            max={WA_LIMITS.interactiveBody}
            disabled={readOnly}
            testId="reply-text"
            placeholder="What would you like to do?"
            onChange={(text) => onChange(patch(settings, { text }))}
          />
          <TextField
            label="Footer (optional)"
            value={settings.footer}
            max={WA_LIMITS.interactiveFooter}
            variables
            disabled={readOnly}
            onChange={(footer) => onChange(patch(settings, { footer }))}
          />
        </>
      ) : null}
      {kind === "buttons" ? <ButtonsEditor {...props} /> : null}
      {kind === "list" ? <ListEditor {...props} /> : null}
      {interactive ? <WaitOptions {...props} /> : null}
      {kind === "media" ? (
        <>
          <SelectField
            label="Type"
            value={settings.media?.type ?? "image"}
            options={MEDIA_TYPES.map((t) => ({ value: t, label: t[0]!.toUpperCase() + t.slice(1) }))}
            disabled={readOnly}
            onChange={(type) => onChange({ ...settings, media: { url: "", ...settings.media, type: type as (typeof MEDIA_TYPES)[number] } })}
          />
          <TextField
            label="Link (https://…)"
            value={settings.media?.url}
            variables
            disabled={readOnly}
            placeholder="https://example.com/menu.jpg"
            onChange={(url) => onChange({ ...settings, media: { type: "image", ...settings.media, url } })}
          />
          <TextField
            label="Caption (optional)"
            value={settings.media?.caption}
            multiline
            variables
            max={WA_LIMITS.caption}
            disabled={readOnly}
            onChange={(caption) => onChange({ ...settings, media: { type: "image", url: "", ...settings.media, caption: caption || undefined } })}
          />
          {settings.media?.type === "document" ? (
            <TextField
              label="File name (optional)"
              value={settings.media?.filename}
              disabled={readOnly}
              onChange={(filename) => onChange({ ...settings, media: { type: "document", url: "", ...settings.media, filename: filename || undefined } })}
            />
          ) : null}
        </>
      ) : null}
      {kind === "template" ? (
        <>
          <p className="text-xs text-muted-foreground">
            Templates are approved by WhatsApp in advance and are the only messages allowed more than 24 hours after the
            customer&apos;s last message.
          </p>
          <TextField
            label="Template name"
            value={settings.template?.name}
            disabled={readOnly}
            mono
            placeholder="order_update"
            onChange={(name) => onChange({ ...settings, template: { language: "en", ...settings.template, name } })}
          />
          <TextField
            label="Language code"
            value={settings.template?.language}
            disabled={readOnly}
            mono
            placeholder="en"
            onChange={(language) => onChange({ ...settings, template: { name: "", ...settings.template, language } })}
          />
          <StringListField
            label="Body parameters ({{1}}, {{2}}, …)"
            values={settings.template?.bodyParams ?? []}
            addLabel="Add parameter"
            itemLabel={(i) => `Parameter ${i + 1}`}
            disabled={readOnly}
            hint="Values may use {{variables}}."
            onChange={(bodyParams) =>
              onChange({ ...settings, template: { name: "", language: "en", ...settings.template, bodyParams } })
            }
          />
        </>
      ) : null}
    </div>
  );
}
