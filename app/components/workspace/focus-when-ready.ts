/**
 * Moves keyboard focus to the first of `selectors` that is on screen, as soon as one is:
 * after a lead command the button that was pressed often disappears (React renders the
 * next state a moment later), and focus would otherwise fall back to <body>. Gives up
 * after `timeoutMs`, and never takes focus away from something the person focused meanwhile.
 */
export function focusWhenReady(selectors: string[], timeoutMs = 3000): void {
  const started = performance.now();
  const before = document.activeElement;
  const attempt = () => {
    // The person moved on (clicked or tabbed somewhere): leave their focus alone.
    const active = document.activeElement;
    if (active && active !== before && active !== document.body && before !== null) return;
    for (const selector of selectors) {
      const element = [...document.querySelectorAll<HTMLElement>(selector)].find(isFocusable);
      if (element) {
        element.focus();
        if (document.activeElement === element) return;
      }
    }
    if (performance.now() - started < timeoutMs) requestAnimationFrame(attempt);
  };
  requestAnimationFrame(attempt);
}

function isFocusable(element: HTMLElement): boolean {
  if ((element as HTMLButtonElement).disabled) return false;
  // Hidden panels (a tab not shown on a tablet) cannot take focus.
  return element.getClientRects().length > 0;
}
