/** The subscription an Azure stack lives in, and its tenant (both known when generating: CI files name them). */
import type { Plan } from '../../../plan/types.js';

/** Replaced by the user's subscription id (the next steps say so); a valid GUID, so the answers file reads back. */
export const AZURE_SUBSCRIPTION_PLACEHOLDER = '00000000-0000-0000-0000-000000000000';

export const subscriptionOf = (plan: Pick<Plan, 'answers'>): string => plan.answers.azure?.subscription ?? AZURE_SUBSCRIPTION_PLACEHOLDER;
export const tenantOf = (plan: Pick<Plan, 'answers'>): string => plan.answers.azure?.tenant ?? AZURE_SUBSCRIPTION_PLACEHOLDER;

/** The audience Entra ID expects in every federated token (fixed for public Azure). */
export const ENTRA_AUDIENCE = 'api://AzureADTokenExchange';
