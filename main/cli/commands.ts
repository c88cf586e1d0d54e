// Every `kasir` command, in help order. Command groups add themselves here.
import type { Command } from './framework';

export const commands: Command[] = [];
