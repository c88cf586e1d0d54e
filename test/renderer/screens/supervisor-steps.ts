// What a supervisor does in a manual-decision dialog: picks the outcome, gives a reason and the PIN,
// and presses the confirm button the chosen outcome names.
import { act, fireEvent, screen, within } from '@testing-library/react';

export async function decideInDialog(
  choice: RegExp,
  button: string,
  { reason = 'Dicek di portal', pin = '740319' }: { reason?: string; pin?: string } = {},
): Promise<void> {
  const dialog = screen.getByRole('dialog');
  fireEvent.click(within(dialog).getByLabelText(choice));
  fireEvent.change(within(dialog).getByLabelText('Alasan'), { target: { value: reason } });
  fireEvent.change(within(dialog).getByLabelText('PIN supervisor'), { target: { value: pin } });
  await act(async () => fireEvent.click(within(dialog).getByRole('button', { name: button })));
}
