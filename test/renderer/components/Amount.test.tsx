import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Amount, fitText } from '../../../renderer/src/components/Amount';
import { I18nProvider } from '../../../renderer/src/i18n';

/** jsdom lays nothing out: give the box the sizes a browser would measure. */
function box(width: number, contentWidth: (fontPx: number) => number, fontPx = 60): HTMLElement {
  const element = document.createElement('span');
  element.style.fontSize = `${fontPx}px`;
  document.body.append(element);
  Object.defineProperty(element, 'clientWidth', { get: () => width });
  Object.defineProperty(element, 'scrollWidth', {
    get: () => contentWidth(Number.parseFloat(element.style.fontSize || `${fontPx}`)),
  });
  const style = getComputedStyle;
  window.getComputedStyle = ((target: Element) =>
    target === element
      ? ({ fontSize: `${fontPx}px` } as CSSStyleDeclaration)
      : style(target)) as typeof style;
  return element;
}

describe('an amount on screen', () => {
  afterEach(cleanup);

  it('shows every digit, whatever the size', () => {
    render(
      <I18nProvider>
        <Amount minor="99999999999900" testId="amount" />
      </I18nProvider>,
    );
    expect(screen.getByTestId('amount').textContent).toBe('Rp999.999.999.999');
    expect(screen.getByTestId('amount').className).toBe('amount-fit');
  });

  it('shrinks its text until it fits a narrow box, instead of being cut', () => {
    // 17 characters at 0.6 em each: 612 px at 60 px, in a 400 px box.
    const element = box(400, (font) => 17 * 0.6 * font);
    fitText(element);
    const font = Number.parseFloat(element.style.fontSize);
    expect(font).toBeLessThan(60);
    expect(17 * 0.6 * font).toBeLessThanOrEqual(400);
  });

  it('keeps its styled size when it fits', () => {
    const element = box(800, (font) => 10 * 0.6 * font);
    fitText(element);
    expect(element.style.fontSize).toBe('');
  });
});
