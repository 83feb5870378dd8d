import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { WhatsAppText } from "./wa-format";

const html = (text: string) => renderToStaticMarkup(<WhatsAppText text={text} />);

describe("WhatsApp formatting", () => {
  it.each([
    ["*bold*", "<strong", "bold</strong>"],
    ["_italic_", "<em>italic</em>"],
    ["~gone~", "<s>gone</s>"],
    ["```a *b* c```", "<code", "a *b* c</code>"],
    ["`x`", "<code", "x</code>"],
    ["*_both_*", "<strong", "<em>both</em></strong>"],
  ])("%s", (input, ...fragments) => {
    const out = html(input);
    for (const f of fragments) expect(out).toContain(f);
  });

  it("leaves markers inside words and unmatched ones alone", () => {
    expect(html("snake_case_name and 2*3*4")).not.toMatch(/<em>|<strong/);
    expect(html("a * b * c")).not.toContain("<strong");
    expect(html("*not closed")).toContain("*not closed");
  });

  it("renders quotes and lists", () => {
    expect(html("> quoted\nnormal")).toContain("<blockquote");
    expect(html("- one\n- two")).toMatch(/<ul[^>]*><li>one<\/li><li>two<\/li><\/ul>/);
    expect(html("3. three\n4. four")).toContain('start="3"');
  });

  it("shows HTML, scripts and markdown links as text, never as markup", () => {
    const out = html('<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) <a href="javascript:x">y</a>');
    expect(out).not.toContain("<script");
    expect(out).not.toContain("<img");
    expect(out).not.toContain('href="javascript');
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(out).toContain("[click](javascript:alert(3))");
  });

  it("links only http(s) URLs, showing the URL, with a safe rel", () => {
    const out = html("see https://example.com/a?b=1. and [x](https://evil.test) and ftp://files.test");
    expect(out).toContain('<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow"');
    expect(out).toContain(">https://example.com/a?b=1</a>.");
    expect(out).toContain(">https://evil.test</a>)");
    expect(out).not.toContain('href="ftp:');
  });
});

describe("WhatsApp formatting stays out of identifiers and URLs", () => {
  it("keeps double markers and markers inside words as typed", () => {
    expect(html("window.__xss=1 and x._y_")).not.toContain("<em>");
    expect(html("**not bold**")).not.toContain("<strong");
    expect(html("**not bold**")).toContain("**not bold**");
    expect(html("(*yes*)")).toContain("<strong");
    expect(html("say *hi*, please")).toContain("<strong");
  });
});
