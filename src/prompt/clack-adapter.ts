/**
 * The PromptAdapter on a real terminal, with @clack/prompts. Imported only when a run
 * is interactive: the library stays out of the bundle and out of start-up time.
 */
import { emitKeypressEvents } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { CANCEL, QUIT, type Cancel, type PromptAdapter, type Quit } from './adapter.js';

export async function clackAdapter(streams: { input?: Readable; output?: Writable } = {}): Promise<PromptAdapter> {
  const p = await import('@clack/prompts');
  const io = { ...(streams.input ? { input: streams.input } : {}), ...(streams.output ? { output: streams.output } : {}) };
  // clack cancels on Esc and on Ctrl-C alike; the flow treats them differently (Esc: its menu,
  // Ctrl-C: quit at once), so the last key pressed before a cancel is watched here.
  const input = streams.input ?? process.stdin;
  emitKeypressEvents(input);
  let ctrlC = false;
  input.on('keypress', (_text: string, key: { ctrl?: boolean; name?: string } | undefined) => {
    ctrlC = Boolean(key?.ctrl && key.name === 'c');
  });
  const orCancel = <T>(value: T | symbol): T | Cancel | Quit => (typeof value === 'symbol' ? (ctrlC ? QUIT : CANCEL) : value);
  return {
    intro: (title) => p.intro(title, io),
    note: (message, title) => p.note(message, title, io),
    warn: (message) => p.log.warn(message, io),
    info: (message) => p.log.info(message, io),
    select: async ({ message, choices, initial }) =>
      orCancel<string>(await p.select<string>({ ...io, message, options: choices, ...(initial !== undefined ? { initialValue: initial } : {}) })),
    multiselect: async ({ message, choices, initial }) => orCancel<string[]>(await p.multiselect<string>({ ...io, message, options: choices, initialValues: initial, required: false })),
    // Enter keeps the default (shown as the placeholder); typing replaces it.
    text: async ({ message, initial, placeholder, validate }) => {
      const fallback = initial ?? '';
      const value = await p.text({
        ...io,
        // select and multiselect draw the guide bar beside every line of a message; text does not.
        message: message.split('\n').join(`\n${p.S_BAR}  `),
        placeholder: placeholder ?? fallback,
        defaultValue: fallback,
        ...(validate ? { validate: (v: string | undefined) => validate(v || fallback) } : {}),
      });
      return p.isCancel(value) ? orCancel<string>(value) : value || fallback;
    },
    outro: (message) => p.outro(message, io),
    cancel: (message) => p.cancel(message, io),
  };
}
