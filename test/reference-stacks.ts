import type { PartialAnswers } from '../src/config/defaults.js';

/** The stacks whose full generated trees are kept in snapshots/<case>/. */
export const REFERENCE_STACKS: Record<string, PartialAnswers> = {
  't1-default': { name: 'shop-api', repository: 'acme/shop-api' },
};

/** The longest name allowed, with a long owner: every budget must still hold. */
export const LONGEST_NAMES: PartialAnswers = {
  name: 'payments-reconciliation-backend1',
  repository: 'acme-payments-platform-team/payments-reconciliation-backend1',
  region: 'ap-southeast-2',
};
