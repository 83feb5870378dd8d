import { describe, expect, it } from "vitest";
import { demoFlowDocument } from "./demo";
import { hasErrors, validateFlow, type Problem } from "./validate";
import { rawFlow } from "./test-utils";

type Spec = Parameters<typeof rawFlow>;
const hi = { id: "t", type: "trigger", settings: { keywords: ["hi"] } };
const text = (id: string, t = "ok") => ({ id, type: "reply", settings: { text: t } });
const btns = (n: number, title = "Option") => Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `${title}${i}` }));

const problemsOf = (...spec: Spec) => validateFlow(rawFlow(...spec));
const summary = (problems: Problem[]) => problems.map((p) => [p.code, p.blockId ?? p.edgeId ?? null, p.severity]);

describe("validateFlow", () => {
  it("accepts the demo flow", () => {
    expect(validateFlow(demoFlowDocument())).toEqual([]);
  });

  const cases: [string, Spec, [string, string | null, "error" | "warning"][]][] = [
    ["no trigger", [[text("r")], []], [["no_trigger", null, "error"]]],
    ["two triggers", [[hi, { ...hi, id: "t2" }, text("r")], [["t", "next", "r"], ["t2", "next", "r"]]], [["multiple_triggers", "t2", "error"]]],
    ["trigger not connected", [[hi], []], [["dangling_output", "t", "error"]]],
    ["unreachable block", [[hi, text("r"), text("lost")], [["t", "next", "r"]]], [["unreachable_block", "lost", "warning"]]],
    ["edge to a missing block", [[hi, text("r")], [["t", "next", "r"], ["r", "next", "ghost"]]], [["edge_target_missing", "r", "error"]]],
    ["edge from a missing block", [[hi, text("r")], [["t", "next", "r"], ["ghost", "next", "r"]]], [["edge_source_missing", "e1", "error"]]],
    ["edge from an unknown output", [[hi, text("r")], [["t", "next", "r"], ["r", "yes", "r"]]], [["edge_unknown_output", "r", "error"]]],
    ["edge into the trigger", [[hi, text("r")], [["t", "next", "r"], ["r", "next", "t"]]], [["edge_into_trigger", "r", "error"]]],
    ["output connected twice", [[hi, text("r"), text("s")], [["t", "next", "r"], ["t", "next", "s"]]], [["output_connected_twice", "t", "error"], ["unreachable_block", "s", "warning"]]],
    ["duplicate block ids", [[hi, text("r"), text("r")], [["t", "next", "r"]]], [["duplicate_block_id", "r", "error"]]],
    ["invalid settings (zod)", [[hi, { id: "r", type: "reply", settings: { text: 42 } }], [["t", "next", "r"]]], [["invalid_settings", "r", "error"]]],
    ["unknown block type", [[hi, { id: "x", type: "teleport" }], [["t", "next", "x"]]], [["unknown_block_type", "x", "error"]]],
    ["empty reply text", [[hi, text("r", " ")], [["t", "next", "r"]]], [["empty_text", "r", "error"]]],
    ["text over 4096 chars", [[hi, text("r", "x".repeat(4097))], [["t", "next", "r"]]], [["text_too_long", "r", "error"]]],
    [
      "more than 3 buttons",
      [[hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: btns(4) } }, text("z")], [["t", "next", "r"], ...btns(4).map((b): [string, string, string] => ["r", b.id, "z"])]],
      [["too_many_buttons", "r", "error"]],
    ],
    [
      "button title over 20 chars",
      [[hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: [{ id: "a", title: "This title is way too long" }] } }, text("z")], [["t", "next", "r"], ["r", "a", "z"]]],
      [["button_title_too_long", "r", "error"]],
    ],
    [
      "duplicate button ids",
      [[hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: [{ id: "a", title: "A" }, { id: "a", title: "B" }] } }, text("z")], [["t", "next", "r"], ["r", "a", "z"]]],
      [["duplicate_button_id", "r", "error"]],
    ],
    [
      "button id reserved for an output",
      [[hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: [{ id: "no_match", title: "A" }] } }], [["t", "next", "r"]]],
      [["reserved_output_id", "r", "error"], ["dangling_output", "r", "error"]],
    ],
    [
      "button output not connected",
      [[hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: [{ id: "a", title: "A" }] } }], [["t", "next", "r"]]],
      [["dangling_output", "r", "error"]],
    ],
    [
      "more than 10 list rows",
      [
        [hi, { id: "r", type: "reply", settings: { kind: "list", text: "?", list: { sections: [{ rows: btns(11, "Row") }] } } }, text("z")],
        [["t", "next", "r"], ...btns(11).map((b): [string, string, string] => ["r", b.id, "z"])],
      ],
      [["too_many_list_rows", "r", "error"]],
    ],
    ["bad regex in a trigger", [[{ id: "t", type: "trigger", settings: { match: "regex", keywords: ["(("] } }, text("r")], [["t", "next", "r"]]], [["bad_regex", "t", "error"]]],
    ["slow regex", [[{ id: "t", type: "trigger", settings: { match: "regex", keywords: ["^(a+)+$"] } }, text("r")], [["t", "next", "r"]]], [["slow_regex", "t", "warning"]]],
    ["keyword trigger without keywords", [[{ id: "t", type: "trigger", settings: {} }, text("r")], [["t", "next", "r"]]], [["missing_keywords", "t", "error"]]],
    ["invalid variable name", [[hi, { id: "a", type: "ask", settings: { question: "?", variable: "my var" } }, text("r")], [["t", "next", "a"], ["a", "next", "r"]]], [["invalid_variable_name", "a", "error"]]],
    ["reserved variable name", [[hi, { id: "s", type: "set_variable", settings: { variable: "message" } }], [["t", "next", "s"]]], [["invalid_variable_name", "s", "error"]]],
    ["read-only contact field", [[hi, { id: "s", type: "set_variable", settings: { variable: "contact.phone" } }], [["t", "next", "s"]]], [["invalid_variable_name", "s", "error"]]],
    [
      "API body that is not JSON and timeout over 60 s",
      [[hi, { id: "a", type: "api_call", settings: { url: "https://x.test", body: '{"n": {{n}}}', timeoutSeconds: 61 } }, text("r")], [["t", "next", "a"], ["a", "success", "r"]]],
      [["timeout_out_of_range", "a", "error"], ["invalid_json_body", "a", "error"]],
    ],
    ["API call without URL", [[hi, { id: "a", type: "api_call", settings: {} }, text("r")], [["t", "next", "a"], ["a", "success", "r"]]], [["missing_url", "a", "error"]]],
    ["condition without groups", [[hi, { id: "c", type: "condition", settings: {} }], [["t", "next", "c"]]], [["no_rule_groups", "c", "error"]]],
    ["go to flow without a flow", [[hi, { id: "g", type: "go_to_flow", settings: {} }], [["t", "next", "g"]]], [["missing_flow", "g", "error"]]],
    ["invalid declared variable", [[hi, text("r")], [["t", "next", "r"]], { variables: [{ name: "1st" }] }], [["invalid_variable_name", null, "error"]]],
    ["flow setting out of range", [[hi, text("r")], [["t", "next", "r"]], { settings: { maxStepsPerMessage: 0 } }], [["invalid_flow_settings", null, "error"]]],
    ["cycles are fine", [[hi, { id: "a", type: "ask", settings: { question: "?", variable: "x" } }], [["t", "next", "a"], ["a", "next", "a"]]], []],
  ];

  it.each(cases)("%s", (_name, spec, expected) => {
    expect(summary(problemsOf(...spec))).toEqual(expected);
  });

  it("writes messages for people, with zod issues translated", () => {
    const [problem] = problemsOf([hi, { id: "r", type: "reply", settings: { text: 42 } }], [["t", "next", "r"]]);
    expect(problem?.message).toBe("‘text’ must be text.");
    const [buttons] = problemsOf(
      [hi, { id: "r", type: "reply", settings: { kind: "buttons", text: "?", buttons: btns(4) } }, text("z")],
      [["t", "next", "r"], ...btns(4).map((b): [string, string, string] => ["r", b.id, "z"])],
    );
    expect(buttons?.message).toBe("This reply has 4 buttons; WhatsApp allows at most 3. Use a list for more options.");
  });

  it("checks Go to flow targets against the known flows", () => {
    const doc = rawFlow([hi, { id: "g", type: "go_to_flow", settings: { flowId: "gone" } }], [["t", "next", "g"]]);
    expect(validateFlow(doc)).toEqual([]);
    expect(summary(validateFlow(doc, { knownFlowIds: ["other"] }))).toEqual([["unknown_flow", "g", "error"]]);
  });

  it("reports a broken document instead of throwing", () => {
    expect(summary(validateFlow(null))).toEqual([["invalid_document", null, "error"]]);
    expect(summary(validateFlow({ version: 1, blocks: "x", edges: [] }))).toEqual([["invalid_document", null, "error"]]);
  });

  it("hasErrors ignores warnings", () => {
    expect(hasErrors([{ severity: "warning", code: "x", message: "" }])).toBe(false);
    expect(hasErrors([{ severity: "error", code: "x", message: "" }])).toBe(true);
  });
});
