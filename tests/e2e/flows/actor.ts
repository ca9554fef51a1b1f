import { expect, type Locator, type Page } from "@playwright/test";

// One person at one device, doing things the way that device does them: a mouse clicks, a
// finger taps, a keyboard user Tabs to a control and presses Enter or Space (never a click,
// never `.focus()`: what Tab cannot reach, a keyboard user cannot use).

export type InputMode = "mouse" | "touch" | "keyboard";

/** The largest number of Tab presses to reach a control (the meeting page has ~60 stops). */
const MAX_TABS = 250;

export class Actor {
  constructor(
    readonly page: Page,
    readonly mode: InputMode,
  ) {}

  /** Presses a button, a link or a summary. */
  async press(target: Locator): Promise<void> {
    if (this.mode === "mouse") return target.click();
    if (this.mode === "touch") return target.tap();
    await this.tabTo(target);
    await this.page.keyboard.press("Enter");
  }

  /** Replaces the text of a text, e-mail, password, number or textarea field. */
  async fill(target: Locator, text: string): Promise<void> {
    if (this.mode === "keyboard") {
      await this.tabTo(target);
      await this.page.keyboard.press("Control+A");
      if (text === "") await this.page.keyboard.press("Delete");
      else await this.page.keyboard.type(text);
      return;
    }
    if (this.mode === "touch") await target.tap();
    await target.fill(text);
  }

  /** Fills a date field with "YYYY-MM-DD" (typed in the field's own day-month-year order by keyboard). */
  async date(target: Locator, isoDate: string): Promise<void> {
    if (this.mode !== "keyboard") return this.fill(target, isoDate);
    const [year, month, day] = isoDate.split("-");
    // The field's parts follow the browser's own locale (dd-mm-jjjj, or mm/dd/yyyy in an English
    // Chromium); each part moves on by itself when complete.
    await this.tabTo(target);
    await this.page.keyboard.type(`${day}${month}${year}`);
    if ((await target.inputValue()) !== isoDate) {
      // Month first: back to the field's first part (each part is a Tab stop) and again.
      await this.page.keyboard.press("Shift+Tab");
      await this.page.keyboard.press("Shift+Tab");
      await this.page.keyboard.type(`${month}${day}${year}`);
    }
    await expect(target).toHaveValue(isoDate);
  }

  /** Fills a time field with "HH:MM". */
  async time(target: Locator, time: string): Promise<void> {
    if (this.mode !== "keyboard") return this.fill(target, time);
    await this.tabTo(target);
    await this.page.keyboard.type(time.replace(":", ""));
    if ((await target.inputValue()) !== time) {
      // A 12-hour field (an English Chromium): back to the hours, then hours, minutes and AM/PM.
      const [hours, minutes] = time.split(":").map(Number) as [number, number];
      await this.page.keyboard.press("Shift+Tab");
      await this.page.keyboard.press("Shift+Tab");
      await this.page.keyboard.type(`${String(hours % 12 || 12).padStart(2, "0")}${String(minutes).padStart(2, "0")}${hours < 12 ? "A" : "P"}`);
    }
    await expect(target).toHaveValue(time);
  }

  /** Chooses an option of a select by its visible text. */
  async choose(select: Locator, label: string): Promise<void> {
    if (this.mode !== "keyboard") {
      if (this.mode === "touch") await select.tap();
      await select.selectOption({ label });
      return;
    }
    await this.tabTo(select);
    const options = await select.locator("option").allInnerTexts();
    const target = options.findIndex((o) => o.trim() === label);
    if (target < 0) throw new Error(`no option "${label}" in ${options.join(", ")}`);
    for (let i = 0; i < options.length + 1; i++) {
      const current = await select.evaluate((s: HTMLSelectElement) => s.selectedIndex);
      if (current === target) return;
      await this.page.keyboard.press(current < target ? "ArrowDown" : "ArrowUp");
    }
    throw new Error(`could not choose "${label}" by keyboard`);
  }

  /** Checks a radio button (by arrows within its group when by keyboard) or toggles a checkbox to `on`. */
  async check(target: Locator, on = true): Promise<void> {
    const type = await target.getAttribute("type");
    if (this.mode !== "keyboard") {
      if (this.mode === "touch" && (await target.isChecked()) !== on) return target.tap();
      return on ? target.check() : target.uncheck();
    }
    if (type === "radio") {
      const name = await target.getAttribute("name");
      await this.tabTo(this.page.locator(`input[type=radio][name="${name}"]`));
      for (let i = 0; i < 10 && !(await target.isChecked()); i++) await this.page.keyboard.press("ArrowRight");
      await expect(target).toBeChecked();
      return;
    }
    await this.tabTo(target);
    if ((await target.isChecked()) !== on) await this.page.keyboard.press("Space");
    await expect(target).toBeChecked({ checked: on });
  }

  /** Types a new paragraph at the end of a rich-text field. */
  async typeAtEnd(editor: Locator, text: string): Promise<void> {
    if (this.mode === "keyboard") await this.tabTo(editor);
    else if (this.mode === "touch") await editor.tap();
    else await editor.click();
    await this.page.keyboard.press("Control+End");
    await this.page.keyboard.press("Enter");
    await this.page.keyboard.type(text);
  }

  /**
   * Presses Tab until `target` (or, for a locator matching several, any of them) has focus,
   * starting wherever focus is now and wrapping around the page.
   */
  async tabTo(target: Locator): Promise<void> {
    await expect(target.first()).toBeVisible();
    const handles = await target.elementHandles();
    const focused = () =>
      this.page.evaluate((elements) => elements.some((el) => el === document.activeElement || el.contains(document.activeElement)), handles);
    for (let i = 0; i < MAX_TABS; i++) {
      if (await focused()) return;
      await this.page.keyboard.press("Tab");
    }
    throw new Error(`Tab never reached ${target.toString()} in ${MAX_TABS} presses: a keyboard user cannot use it`);
  }
}
