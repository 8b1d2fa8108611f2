// The lazy command registry: its help listing says what each command module says of itself.
import { describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { Readable } from 'node:stream';
import { commands } from '../../src/cli/commands/index.js';
import { main } from '../../src/cli/main.js';

describe('command registry', () => {
  it('lists every command with the summary and arguments its module registers', async () => {
    for (const entry of commands) {
      const program = new Command('qeval');
      (await entry.load()).register(program, { io: { stdout: { write: () => true }, stderr: { write: () => true }, stdin: Readable.from([]), cwd: '.', env: {} }, setStatus: () => undefined });
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered?.description(), entry.name).toBe(entry.summary);
      expect(registered!.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`)).join(' '), entry.name).toBe(entry.args);
    }
  });
  it('qeval --help lists every command', async () => {
    let out = '';
    const status = await main(['--help'], { stdout: { write: (c) => (out += String(c)) }, stderr: { write: () => true }, stdin: Readable.from([]), cwd: '.', env: {} });
    expect(status).toBe(0);
    for (const entry of commands) expect(out).toContain(`  ${entry.name}`);
  });
});
