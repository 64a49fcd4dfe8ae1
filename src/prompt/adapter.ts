/**
 * What the guided run needs from a prompt library. The flow talks only to this
 * interface: @clack/prompts implements it on a TTY (clack-adapter.ts, loaded lazily),
 * tests implement it with scripted answers.
 */
import type { Choice } from './questions.js';

/** Esc or Ctrl-C on a question: the flow opens its menu (back, finish, start over, quit). */
export const CANCEL: unique symbol = Symbol('cancel');
export type Cancel = typeof CANCEL;

export interface PromptAdapter {
  intro(title: string): void;
  note(message: string, title?: string): void;
  warn(message: string): void;
  info(message: string): void;
  select(options: { message: string; choices: Choice[]; initial?: string }): Promise<string | Cancel>;
  multiselect(options: { message: string; choices: Choice[]; initial: string[] }): Promise<string[] | Cancel>;
  text(options: { message: string; initial?: string; placeholder?: string; validate?: (value: string) => string | undefined }): Promise<string | Cancel>;
  outro(message: string): void;
  cancel(message: string): void;
}
