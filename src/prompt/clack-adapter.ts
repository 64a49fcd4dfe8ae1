/**
 * The PromptAdapter on a real terminal, with @clack/prompts. Imported only when a run
 * is interactive: the library stays out of the bundle and out of start-up time.
 */
import type { Readable, Writable } from 'node:stream';
import { CANCEL, type PromptAdapter } from './adapter.js';

export async function clackAdapter(streams: { input?: Readable; output?: Writable } = {}): Promise<PromptAdapter> {
  const p = await import('@clack/prompts');
  const io = { ...(streams.input ? { input: streams.input } : {}), ...(streams.output ? { output: streams.output } : {}) };
  const orCancel = <T>(value: T | symbol): T | typeof CANCEL => (typeof value === 'symbol' ? CANCEL : value);
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
      return p.isCancel(value) ? CANCEL : value || fallback;
    },
    outro: (message) => p.outro(message, io),
    cancel: (message) => p.cancel(message, io),
  };
}
