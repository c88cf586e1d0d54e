// An amount that always shows whole: when its box is too narrow for the digits (Rp999.999.999.999 at
// 1024 px), the text shrinks until it fits instead of being cut or running over its label.
import { useLayoutEffect, useRef } from 'react';
import { formatRupiah } from '../format';
import { useI18n } from '../i18n';

/** Never smaller than this share of the styled size: past it the box, not the text, must give. */
const MIN_SCALE = 0.3;

/** Scales `element`'s font down so its text fits its own width; back up when there is room again. */
export function fitText(element: HTMLElement): void {
  element.style.fontSize = '';
  const available = element.clientWidth;
  const needed = element.scrollWidth;
  if (available <= 0 || needed <= available) return;
  const styled = Number.parseFloat(getComputedStyle(element).fontSize);
  if (!Number.isFinite(styled)) return;
  const scale = Math.max(MIN_SCALE, available / needed);
  // A hair under, so rounding never leaves the last digit one pixel outside.
  element.style.fontSize = `${Math.floor(styled * scale * 0.98 * 10) / 10}px`;
}

export function Amount({
  minor,
  className,
  testId,
}: {
  minor: string | bigint;
  className?: string;
  testId?: string;
}) {
  const { language } = useI18n();
  const ref = useRef<HTMLSpanElement>(null);
  const text = formatRupiah(minor, language);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    void text; // refit whenever the digits change
    fitText(element);
    if (typeof ResizeObserver === 'undefined') return;
    // The box changes with the window (1024 px and up) and the fonts loading.
    const observer = new ResizeObserver(() => fitText(element));
    observer.observe(element.parentElement ?? element);
    return () => observer.disconnect();
  }, [text]);

  return (
    <span ref={ref} className={className ? `amount-fit ${className}` : 'amount-fit'} data-testid={testId}>
      {text}
    </span>
  );
}
