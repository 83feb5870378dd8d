import { Missing, Q, QuotedList } from "@/components/flow-editor/summary";
import type { BlockNodeProps } from "@/components/flow-editor/block-ui-types";

import {
  LIST_OPERATORS,
  UNARY_OPERATORS,
  conditionDefaults,
  type ConditionOperator,
  type ConditionRule,
  type ConditionSettings,
} from "./schema";

export const OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: "is",
  not_equals: "is not",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  ends_with: "ends with",
  regex: "matches the pattern",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  is_empty: "is empty",
  is_not_empty: "is not empty",
  in_list: "is one of",
  not_in_list: "is none of",
};

export const SUBJECT_LABELS: Record<string, string> = {
  "message.text": "message",
  "message.type": "message type",
  "message.buttonId": "tapped button id",
  "message.buttonTitle": "tapped button",
};

/** “message contains “price””, readable by someone who never saw the settings. */
export function RuleText({ rule }: { rule: ConditionRule }) {
  const subject = SUBJECT_LABELS[rule.subject] ?? (rule.subject ? `{{${rule.subject}}}` : "…");
  const op = OPERATOR_LABELS[rule.operator];
  if (UNARY_OPERATORS.includes(rule.operator)) return <>{subject} {op}</>;
  if (LIST_OPERATORS.includes(rule.operator)) {
    return (
      <>
        {subject} {op} <QuotedList values={rule.values ?? []} />
      </>
    );
  }
  return (
    <>
      {subject} {op} <Q>{rule.value ?? ""}</Q>
    </>
  );
}

/** One line per rule group: “If message contains “price””, then “otherwise”. */
export function ConditionNode({ settings }: BlockNodeProps<ConditionSettings>) {
  const groups = settings.groups ?? [];
  if (groups.length === 0) return <p className="text-xs"><Missing>Add a rule group</Missing></p>;
  return (
    <ul className="grid gap-0.5 text-xs leading-snug">
      {groups.slice(0, 4).map((group, index) => {
        const joiner = (group.match ?? conditionDefaults.match) === "all" ? " and " : " or ";
        return (
          <li key={group.id} className="line-clamp-2 break-words">
            <span className="text-muted-foreground">{index === 0 ? "If " : "Else if "}</span>
            {group.rules.length === 0 ? (
              <Missing>no rule yet</Missing>
            ) : (
              group.rules.slice(0, 2).map((rule, i) => (
                <span key={i}>
                  {i > 0 ? <span className="text-muted-foreground">{joiner}</span> : null}
                  <RuleText rule={rule} />
                </span>
              ))
            )}
            {group.rules.length > 2 ? <span className="text-muted-foreground"> (+{group.rules.length - 2})</span> : null}
          </li>
        );
      })}
      {groups.length > 4 ? <li className="text-muted-foreground">+{groups.length - 4} more groups</li> : null}
    </ul>
  );
}
