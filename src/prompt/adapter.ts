/**
 * What the guided run needs from a prompt library. The flow talks only to this
 * interface: @clack/prompts implements it on a TTY (clack-adapter.ts, loaded lazily),
 * tests implement it with scripted answers.
 */
import type { Choice } from './questions.js';

/** Esc on a question: the flow opens its menu (back, finish, start over, quit). */
export const CANCEL: unique symbol = Symbol('cancel');
export type Cancel = typeof CANCEL;
/** Ctrl-C on any question: the run ends at once, nothing written (one Ctrl-C quits). */
export const QUIT: unique symbol = Symbol('quit');
export type Quit = typeof QUIT;

export interface PromptAdapter {
  intro(title: string): void;
  note(message: string, title?: string): void;
  warn(message: string): void;
  info(message: string): void;
  select(options: { message: string; choices: Choice[]; initial?: string }): Promise<string | Cancel | Quit>;
  multiselect(options: { message: string; choices: Choice[]; initial: string[] }): Promise<string[] | Cancel | Quit>;
  text(options: { message: string; initial?: string; placeholder?: string; validate?: (value: string) => string | undefined }): Promise<string | Cancel | Quit>;
  outro(message: string): void;
  cancel(message: string): void;
}
