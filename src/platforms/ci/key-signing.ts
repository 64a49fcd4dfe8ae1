/**
 * Signing with the cloud's key, for CI platforms whose OIDC tokens Sigstore's public Fulcio does
 * not accept (CiCapabilities.keylessSigning false: Jenkins, Azure DevOps): cosign signs and
 * attests with a key that never leaves the cloud's key service (ShellLogin.signingKey), as the
 * deploy identity the job took on.
 */
import type { Plan } from '../../plan/types.js';
import { cloudOf } from '../registry.js';

/** `cosign` pointed at the cloud's signing key (its region first), or undefined where the cloud has none. */
export function cosignWithKey(plan: Plan): string | undefined {
  const shell = cloudOf(plan).shell;
  const key = shell.signingKey?.(plan);
  if (!key) return undefined;
  const env = shell.signingEnv?.(plan);
  return `${env ? `${env} ` : ''}cosign`;
}

/** How a signature made with the key is verified, or '' where the cloud has no key. */
export function verifyWithKey(plan: Plan, what: 'verify' | 'verify-attestation'): string {
  const cosign = cosignWithKey(plan);
  const key = cloudOf(plan).shell.signingKey?.(plan);
  return cosign && key ? `${cosign} ${what} --key ${key}${what === 'verify-attestation' ? ' --type slsaprovenance' : ''} "$IMAGE"` : '';
}

/**
 * The lines that sign "$IMAGE" and attest SLSA provenance (v0.2) for it: `predicate` is the shell
 * command that writes the provenance from the CI platform's own variables to provenance.json.
 */
export function signLines(plan: Plan, step: 'sign' | 'attest', predicate: string): string[] {
  const cosign = cosignWithKey(plan);
  const key = cloudOf(plan).shell.signingKey?.(plan);
  if (!cosign || !key) return [];
  return step === 'sign'
    ? [`${cosign} sign --yes --key ${key} "$IMAGE"`]
    : [predicate, `${cosign} attest --yes --key ${key} --type slsaprovenance --predicate provenance.json "$IMAGE"`];
}
