// zod compiles a fast path for each schema on its first parse; a process that parses each schema once
// or twice (one command) is faster without it. main/cli/main.ts imports this module first, so it applies
// to the parses other modules make while they load as well (default policies are parsed at load).
import { z } from 'zod';

z.config({ jitless: true });
