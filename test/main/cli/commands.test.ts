import { describe, expect, it } from 'vitest';
import { commandGroups } from '../../../main/cli/commands';

describe('the table of contents of kasir', () => {
  it('names exactly the commands each group’s module defines, in the same order', async () => {
    for (const group of commandGroups) {
      const loaded = await group.load();
      expect(loaded.map((c) => c.path)).toEqual(group.paths);
    }
  });

  it('gives every command its own words', () => {
    const words = commandGroups.flatMap((g) => g.paths.map((p) => p.join(' ')));
    expect(new Set(words).size).toBe(words.length);
  });
});
