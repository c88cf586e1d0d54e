import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Modal } from '../../../renderer/src/components/Modal';
import { I18nProvider } from '../../../renderer/src/i18n';

/** What a screen's own key listener on window (as App and useShortcuts have) heard. */
const screenKeys: string[] = [];
const onScreenKey = (event: KeyboardEvent) => screenKeys.push(event.key);

function Page({ dismissable = true }: { dismissable?: boolean }) {
  const [open, setOpen] = useState(true);
  return (
    <I18nProvider>
      <button type="button" onClick={() => setOpen(true)}>
        behind
      </button>
      {open && (
        <Modal title="Pengembalian dana" onClose={() => setOpen(false)} dismissable={dismissable}>
          <input aria-label="Alasan" />
          <button type="button">Kembalikan</button>
        </Modal>
      )}
    </I18nProvider>
  );
}

describe('a modal dialog', () => {
  beforeEach(() => {
    screenKeys.length = 0;
    window.addEventListener('keydown', onScreenKey);
  });
  afterEach(() => {
    cleanup();
    window.removeEventListener('keydown', onScreenKey);
  });

  it('lets the screen hear its keys while no dialog is open', () => {
    render(<Page />);
    fireEvent.click(screen.getByRole('button', { name: /Tutup/ }));
    fireEvent.keyDown(window, { key: 'F2' });
    expect(screenKeys).toEqual(['F2']);
  });

  it('takes the focus into its first field', () => {
    render(<Page />);
    expect(document.activeElement).toBe(screen.getByLabelText('Alasan'));
  });

  it('keeps F1–F12 from reaching the screen behind it', () => {
    render(<Page />);
    for (const key of ['F1', 'F2', 'F4', 'F8']) fireEvent.keyDown(screen.getByLabelText('Alasan'), { key });
    expect(screenKeys).toEqual([]);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });

  it('cycles Tab and Shift+Tab inside itself', () => {
    render(<Page />);
    const last = screen.getByRole('button', { name: 'Kembalikan' });
    last.focus();
    fireEvent.keyDown(last, { key: 'Tab' });
    expect(document.activeElement?.closest('[role="dialog"]')).not.toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Tutup/ }));
    fireEvent.keyDown(document.activeElement as Element, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(last);
  });

  it('pulls back focus that escapes to the page behind', () => {
    render(<Page />);
    act(() => screen.getByRole('button', { name: 'behind' }).focus());
    expect(document.activeElement?.closest('[role="dialog"]')).not.toBeNull();
  });

  it('closes with its close button and with Esc', () => {
    render(<Page />);
    fireEvent.click(screen.getByRole('button', { name: /Tutup/ }));
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'behind' }));
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('closes on a click outside when it holds nothing typed, and stays when it does', () => {
    const { unmount } = render(<Page />);
    fireEvent.mouseDown(document.querySelector('.modal-backdrop') as Element);
    expect(screen.queryByRole('dialog')).toBeNull();
    unmount();
    render(<Page dismissable={false} />);
    fireEvent.mouseDown(document.querySelector('.modal-backdrop') as Element);
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
