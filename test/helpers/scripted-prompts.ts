import { CANCEL, QUIT, type Cancel, type PromptAdapter, type Quit } from '../../src/prompt/adapter.js';

/** One scripted reply: a value, Esc (CANCEL), Ctrl-C (QUIT), or "accept the default" (DEFAULT). */
export const DEFAULT = Symbol('default');
export type Reply = string | string[] | Cancel | Quit | typeof DEFAULT;

export interface PromptCall {
  kind: 'select' | 'multiselect' | 'text';
  message: string;
  initial: unknown;
  choices?: string[];
}

/** A PromptAdapter that answers from a script and records every prompt and message. */
export function scriptedPrompts(replies: Reply[]): PromptAdapter & { calls: PromptCall[]; log: string[]; remaining: () => number } {
  const queue = [...replies];
  const calls: PromptCall[] = [];
  const log: string[] = [];
  const next = (call: PromptCall): Reply => {
    calls.push(call);
    if (!queue.length) throw new Error(`no scripted reply for prompt "${call.message}"`);
    return queue.shift()!;
  };
  return {
    calls,
    log,
    remaining: () => queue.length,
    intro: (t) => void log.push(`intro ${t}`),
    note: (m, t) => void log.push(`note ${t ?? ''}\n${m}`),
    warn: (m) => void log.push(`warn ${m}`),
    info: (m) => void log.push(`info ${m}`),
    outro: (m) => void log.push(`outro ${m}`),
    cancel: (m) => void log.push(`cancel ${m}`),
    select: async ({ message, choices, initial }) => {
      const reply = next({ kind: 'select', message, initial, choices: choices.map((c) => c.value) });
      if (reply === DEFAULT) return initial ?? choices[0]!.value;
      if (reply !== CANCEL && reply !== QUIT && !choices.some((c) => c.value === reply && !c.disabled)) throw new Error(`"${String(reply)}" is not a choice of "${message}"`);
      return reply as string | Cancel | Quit;
    },
    multiselect: async ({ message, choices, initial }) => {
      const reply = next({ kind: 'multiselect', message, initial, choices: choices.map((c) => c.value) });
      return reply === DEFAULT ? initial : (reply as string[] | Cancel | Quit);
    },
    text: async ({ message, initial, validate }) => {
      const reply = next({ kind: 'text', message, initial });
      if (reply === CANCEL || reply === QUIT) return reply;
      const value = reply === DEFAULT ? (initial ?? '') : String(reply);
      const problem = validate?.(value);
      if (problem) throw new Error(`scripted "${value}" rejected by "${message}": ${problem}`);
      return value;
    },
  };
}
