"use client";

import { Plus } from "lucide-react";
import { useId } from "react";

import type { BlockPanelProps } from "@/components/flow-editor/block-ui-types";
import { useEditorContext } from "@/components/flow-editor/editor-context";
import { ChoiceField, ItemActions, SelectField, StringListField, TextField, move, nextId } from "@/components/flow-editor/fields";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

import { OPERATOR_LABELS, SUBJECT_LABELS } from "./node";
import {
  CONDITION_OPERATORS,
  LIST_OPERATORS,
  MESSAGE_SUBJECTS,
  UNARY_OPERATORS,
  conditionDefaults,
  type ConditionGroup,
  type ConditionRule,
  type ConditionSettings,
} from "./schema";

const OPERATORS = CONDITION_OPERATORS.map((op) => ({ value: op, label: OPERATOR_LABELS[op] }));
const MATCH = [
  { value: "all", label: "All rules" },
  { value: "any", label: "Any rule" },
] as const;

export const newRule = (): ConditionRule => ({ subject: "message.text", operator: "contains", value: "" });

function SubjectField({ value, onChange, disabled, testId }: { value: string; onChange: (v: string) => void; disabled: boolean; testId: string }) {
  const { variables } = useEditorContext();
  const id = useId();
  const listId = `${id}-list`;
  const paths = [...MESSAGE_SUBJECTS, ...variables.map((v) => v.name).filter((n) => !(MESSAGE_SUBJECTS as readonly string[]).includes(n))];
  return (
    <div className="grid gap-1.5">
      <Label htmlFor={id} className="text-xs font-medium">
        Look at
      </Label>
      <Input
        id={id}
        list={listId}
        value={value}
        disabled={disabled}
        data-testid={testId}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
        className="font-mono text-xs"
      />
      <datalist id={listId}>
        {paths.map((path) => (
          <option key={path} value={path}>
            {SUBJECT_LABELS[path] ?? path}
          </option>
        ))}
      </datalist>
      <p id={`${id}-hint`} className="text-xs text-muted-foreground">
        message.text is what the customer typed; or a variable such as menu_choice or contact.city.
      </p>
    </div>
  );
}

function RuleEditor({
  rule,
  name,
  testId,
  onChange,
  disabled,
}: {
  rule: ConditionRule;
  name: string;
  testId: string;
  onChange: (rule: ConditionRule) => void;
  disabled: boolean;
}) {
  const unary = UNARY_OPERATORS.includes(rule.operator);
  const list = LIST_OPERATORS.includes(rule.operator);
  return (
    <div className="grid gap-2">
      <SubjectField value={rule.subject} disabled={disabled} testId={`${testId}-subject`} onChange={(subject) => onChange({ ...rule, subject })} />
      <SelectField
        label="Is"
        value={rule.operator}
        options={OPERATORS}
        disabled={disabled}
        testId={`${testId}-operator`}
        onChange={(operator) => {
          const op = operator as ConditionRule["operator"];
          const next: ConditionRule = { subject: rule.subject, operator: op };
          if (LIST_OPERATORS.includes(op)) next.values = rule.values ?? (rule.value ? [rule.value] : [""]);
          else if (!UNARY_OPERATORS.includes(op)) next.value = rule.value ?? rule.values?.[0] ?? "";
          onChange(next);
        }}
      />
      {list ? (
        <StringListField
          label="Values"
          values={rule.values ?? []}
          addLabel="Add value"
          itemLabel={(i) => `Value ${i + 1} of ${name}`}
          disabled={disabled}
          testId={`${testId}-values`}
          onChange={(values) => onChange({ ...rule, values })}
        />
      ) : unary ? null : (
        <TextField
          label="Value"
          value={rule.value}
          variables
          disabled={disabled}
          testId={`${testId}-value`}
          placeholder={rule.operator === "regex" ? "e.g. ^(1|price)$" : "e.g. price"}
          hint={rule.subject.startsWith("message.") && rule.operator !== "regex" ? "Compared without case or accents." : undefined}
          onChange={(value) => onChange({ ...rule, value })}
        />
      )}
    </div>
  );
}

export function ConditionPanel({ settings, onChange, readOnly }: BlockPanelProps<ConditionSettings>) {
  const groups = settings.groups ?? [];
  const setGroups = (next: ConditionGroup[]) => onChange({ ...settings, groups: next });
  const setGroup = (index: number, group: ConditionGroup) => setGroups(groups.map((g, i) => (i === index ? group : g)));

  return (
    <div className="grid gap-4">
      <p className="text-xs text-muted-foreground">
        Rule groups are checked from top to bottom; the first one that matches decides the way. Nothing matches → <strong>Else</strong>.
      </p>
      {groups.map((group, gi) => {
        const name = group.label || `group ${gi + 1}`;
        return (
          <fieldset key={group.id} className="grid gap-3 rounded-lg border p-3" data-testid={`condition-group-${gi}`}>
            <legend className="sr-only">Rule group {gi + 1}</legend>
            <div className="flex items-start gap-2">
              <TextField
                className="flex-1"
                label={`Group ${gi + 1} name (shown on the output)`}
                value={group.label}
                placeholder={`Group ${gi + 1}`}
                max={40}
                disabled={readOnly}
                testId={`condition-group-${gi}-label`}
                onChange={(label) => setGroup(gi, { ...group, label: label || undefined })}
              />
              <div className="pt-5">
                <ItemActions
                  name={name}
                  index={gi}
                  count={groups.length}
                  disabled={readOnly}
                  onMove={(from, to) => setGroups(move(groups, from, to))}
                  onRemove={() => setGroups(groups.filter((_, i) => i !== gi))}
                />
              </div>
            </div>
            {group.rules.length > 1 ? (
              <ChoiceField
                label="Matches when"
                value={group.match ?? conditionDefaults.match}
                options={MATCH}
                disabled={readOnly}
                onChange={(match) => setGroup(gi, { ...group, match: match as ConditionGroup["match"] })}
              />
            ) : null}
            {group.rules.map((rule, ri) => (
              <div key={ri} className="grid gap-2 border-t pt-3 first-of-type:border-t-0">
                <div className="flex items-center justify-between">
                  <span className="text-xs font-medium text-muted-foreground">Rule {ri + 1}</span>
                  <ItemActions
                    name={`rule ${ri + 1} of ${name}`}
                    index={ri}
                    count={group.rules.length}
                    disabled={readOnly}
                    onMove={(from, to) => setGroup(gi, { ...group, rules: move(group.rules, from, to) })}
                    onRemove={() => setGroup(gi, { ...group, rules: group.rules.filter((_, i) => i !== ri) })}
                  />
                </div>
                <RuleEditor
                  rule={rule}
                  name={name}
                  testId={`condition-rule-${gi}-${ri}`}
                  disabled={readOnly}
                  onChange={(next) => setGroup(gi, { ...group, rules: group.rules.map((r, i) => (i === ri ? next : r)) })}
                />
              </div>
            ))}
            {readOnly ? null : (
              <Button
                variant="outline"
                size="sm"
                className="justify-self-start"
                onClick={() => setGroup(gi, { ...group, rules: [...group.rules, newRule()] })}
              >
                <Plus aria-hidden />
                Add rule
              </Button>
            )}
          </fieldset>
        );
      })}
      {readOnly ? null : (
        <Button
          variant="outline"
          size="sm"
          className="justify-self-start"
          data-testid="condition-add-group"
          onClick={() =>
            setGroups([...groups, { id: nextId("group", groups.map((g) => g.id)), rules: [newRule()] }])
          }
        >
          <Plus aria-hidden />
          Add rule group
        </Button>
      )}
    </div>
  );
}
