/**
 * A file-system failure (disk full, read-only, permission denied, …) as a message: what could not
 * be done, to which path, why, and what to do. Never a stack trace: the disk failing is not a bug.
 */
import { InputError } from '../core/errors.js';

export function isErrno(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

const REASONS: Record<string, [reason: string, remedy: string]> = {
  ENOSPC: ['the disk is full', 'Free some space, then run again.'],
  EDQUOT: ['the disk quota is exhausted', 'Free some space (or raise the quota), then run again.'],
  EROFS: ['the file system is read-only', 'Run where you may write (or remount read-write), then run again.'],
  EACCES: ['permission denied', 'Make the directory and its files writable by you (or run as their owner), then run again.'],
  EPERM: ['the operation is not permitted', 'Check the permissions and flags (immutable, append-only) of the directory, then run again.'],
  ENOENT: ['it does not exist', 'Create it (or correct the path), then run again.'],
  ENOTDIR: ['a part of the path is not a directory', 'Correct the path, then run again.'],
  EISDIR: ['it is a directory', 'Pass a file, not a directory.'],
  ELOOP: ['it is a loop of symbolic links', 'Remove the looping link, or pass the real path.'],
  ENAMETOOLONG: ['the path is too long', 'Use a shorter path.'],
  EMFILE: ['too many files are open', 'Close other programs (or raise the open-file limit), then run again.'],
  ENFILE: ['too many files are open on this system', 'Run again in a moment.'],
  EIO: ['the disk reported an I/O error', 'Check the disk, then run again.'],
  EBUSY: ['it is busy', 'Close the program using it, then run again.'],
  ETXTBSY: ['it is busy (a running program)', 'Stop the program using it, then run again.'],
  EAGAIN: ['it is not ready (a FIFO or a locked file)', 'Pass a regular file.'],
};

/**
 * The failure as an InputError of kind io. `action`: what was being done ("write", "read", …),
 * `shownAs`: the path as the user knows it.
 */
export function ioFailure(error: NodeJS.ErrnoException, action: string, shownAs = error.path ?? '', outcome = ''): InputError {
  const [reason, remedy] = REASONS[error.code ?? ''] ?? [`${error.code ?? 'an error'}${error.message ? ` (${error.message.split('\n')[0]})` : ''}`, 'Fix the cause, then run again.'];
  return new InputError([{ where: shownAs || '(file system)', message: `could not ${action}: ${reason}${outcome ? `; ${outcome}` : ''}`, remedy }], 'io');
}

/** Runs fn, turning a file-system failure into a message. */
export function orIoFailure<T>(action: string, shownAs: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (isErrno(error)) throw ioFailure(error, action, shownAs);
    throw error;
  }
}
