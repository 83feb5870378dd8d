import { expect, type Locator, type Page } from "@playwright/test";

/** The flow builder (/flows/[id]) as a person uses it: palette, canvas, inspector, toolbar, test phone. */
export class FlowEditorPage {
  constructor(readonly page: Page) {}

  editor() {
    return this.page.getByTestId("flow-editor");
  }

  canvas() {
    return this.page.getByTestId("flow-canvas");
  }

  node(id: string): Locator {
    return this.page.locator(`[data-testid="flow-node"][data-block-id="${id}"]`);
  }

  nodes(): Locator {
    return this.page.getByTestId("flow-node");
  }

  edges(): Locator {
    return this.page.locator(".react-flow__edge");
  }

  inspector(): Locator {
    return this.page.getByTestId("inspector");
  }

  saveStatus(): Locator {
    return this.page.getByTestId("save-status");
  }

  async open(id: string) {
    await this.page.goto(`/flows/${id}`);
    await expect(this.editor()).toBeVisible();
  }

  /** Drags a block from the palette to a point of the canvas; returns the new block's id. */
  async dropBlock(type: string, x: number, y: number): Promise<string> {
    const before = await this.nodes().count();
    await this.page.getByTestId(`palette-item-${type}`).dragTo(this.canvas(), { targetPosition: { x, y } });
    await expect(this.nodes()).toHaveCount(before + 1);
    const id = await this.page.locator(".react-flow__node.selected [data-testid=flow-node]").getAttribute("data-block-id");
    expect(id).toBeTruthy();
    await this.deselect();
    return id!;
  }

  async deselect() {
    await this.page.keyboard.press("Escape");
    await expect(this.inspector()).toBeHidden();
  }

  /** Clicks a block's header, which selects it and opens its settings. */
  async select(id: string) {
    // The settings panel covers the right of the canvas: close it first, as a person would.
    if (await this.inspector().isVisible()) {
      await this.page.getByTestId("inspector-close").click();
      await expect(this.inspector()).toBeHidden();
    }
    // Off screen (panned away, or under the palette)? Fit the flow in view first.
    const node = await this.settledBox(this.node(id));
    const canvas = await this.canvas().boundingBox();
    if (!node || !canvas || node.x < canvas.x || node.y < canvas.y || node.x + 80 > canvas.x + canvas.width || node.y + 30 > canvas.y + canvas.height) {
      await this.fitView();
    }
    await this.node(id).click({ position: { x: 60, y: 18 } });
    await expect(this.inspector()).toHaveAttribute("data-block-id", id);
  }

  async fitView() {
    await this.page.locator(".react-flow__controls-fitview").click();
    await this.settledBox(this.page.locator(".react-flow__node").first());
  }

  /** Where an element is once the canvas has stopped moving (zoom and pan animate). */
  async settledBox(locator: Locator) {
    let last = await locator.boundingBox();
    for (let i = 0; i < 20; i++) {
      await this.page.waitForTimeout(80);
      const now = await locator.boundingBox();
      if (now && last && now.x === last.x && now.y === last.y && now.width === last.width) return now;
      last = now;
    }
    return last;
  }

  /** Drags from an output's dot to the input dot of another block. */
  async connect(source: string, output: string, target: string) {
    const from = await this.settledBox(this.page.getByTestId(`handle-${source}-${output}`));
    const to = await this.settledBox(this.page.getByTestId(`handle-${target}-in`));
    if (!from || !to) throw new Error(`handles of ${source}.${output} → ${target} are not on screen`);
    const before = await this.edges().count();
    await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2 + 20, { steps: 6 });
    await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
    await this.page.mouse.up();
    await expect(this.edges()).toHaveCount(before + 1);
  }

  async expectSaved() {
    await expect(this.saveStatus()).toHaveAttribute("data-status", "saved", { timeout: 15_000 });
  }

  async publish(note: string): Promise<number> {
    await expect(this.page.getByTestId("publish-open")).toBeEnabled();
    await this.page.getByTestId("publish-open").click();
    await this.page.getByTestId("publish-note").fill(note);
    await this.page.getByTestId("publish-confirm").click();
    const result = this.page.getByTestId("publish-result");
    await expect(result).toBeVisible();
    const title = await this.page.getByTestId("publish-dialog").getByRole("heading").first().textContent();
    return Number(/Version (\d+)/.exec(title ?? "")?.[1]);
  }

  /** Sends a customer message in the test phone and returns the bot's messages of that turn. */
  async say(text: string): Promise<Locator> {
    const bot = this.page.locator('[data-testid="preview-message"][data-from="bot"]');
    const before = await bot.count();
    await this.page.getByTestId("preview-input").fill(text);
    await this.page.getByTestId("preview-send").click();
    await expect(bot).not.toHaveCount(before);
    return bot.nth(before);
  }
}
