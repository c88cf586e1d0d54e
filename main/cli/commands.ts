// Every `kasir` command, in help order. Command groups add themselves here.
import { explainCodeCommands } from './explain-code';
import type { Command } from './framework';
import { paymentCommands } from './payments';
import { readCommands } from './reads';
import { sandboxCommands } from './sandbox';
import { signCommands } from './sign';

export const commands: Command[] = [
  ...explainCodeCommands,
  ...signCommands,
  ...sandboxCommands,
  ...paymentCommands,
  ...readCommands,
];
