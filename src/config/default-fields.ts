/**
 * The answers that detection added (branch; the app's package manager, runtime version,
 * commands, settings, native needs and metrics library) are left out of devops-stack.yaml
 * while they hold their defaults, as `skip` and `clusterAdmins` are: a stack that detected
 * nothing keeps the answers file it always had. A detected or chosen value is always written.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Answers } from './answers.js';
import { withDefaults } from './defaults.js';

const APP_FIELDS = ['packageManager', 'runtimeVersion', 'settings', 'native'] as const;

export function withoutDefaultFields(answers: Answers): Partial<Answers> {
  const defaults = withDefaults({ stack: answers.stack });
  const app: Partial<Answers['app']> = { ...answers.app };
  for (const field of APP_FIELDS) if (isDeepStrictEqual(app[field], defaults.app[field])) delete app[field];
  // Commands default per package manager: compared with that manager's, which a re-read restores.
  const commands = withDefaults({ stack: answers.stack, app: { packageManager: answers.app.packageManager } }).app.commands;
  if (isDeepStrictEqual(app.commands, commands)) delete app.commands;
  const { branch, ...rest } = answers;
  return { ...rest, ...(branch === defaults.branch ? {} : { branch }), app: app as Answers['app'] };
}
