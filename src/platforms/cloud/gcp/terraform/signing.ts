/**
 * The key images are signed with where the CI platform cannot sign keylessly (T3 supply chain,
 * CiCapabilities.keylessSigning false: Jenkins, Azure DevOps): an asymmetric Cloud KMS key in
 * the primary region that never leaves KMS; the deploy service accounts sign with it (cosign's
 * gcpkms:// reference, through the credentials the shell login set up).
 */
import type { Plan } from '../../../../plan/types.js';
import { attr, block, comment, expr } from '../../../../render/hcl.js';
import { ciOf } from '../../../registry.js';
import { fitName } from '../names.js';
import { projectOf } from '../project.js';

/** Key ring ids: 1–63 characters of [a-zA-Z0-9_-]; a key ring can never be deleted, only left empty. */
export const keyRingId = (app: string): string => fitName(app, '-cosign', 63);
export const SIGNING_KEY = 'cosign';

/** Whether the bootstrap creates the key: T3 supply chain on a CI platform Sigstore's Fulcio does not accept. */
export const signsWithKey = (plan: Plan): boolean => plan.features.supplyChain && !ciOf(plan).capabilities.keylessSigning;

/** cosign's reference to the key (its primary version is used). */
export const gcpSigningKey = (plan: Plan): string =>
  `gcpkms://projects/${projectOf(plan)}/locations/${plan.region}/keyRings/${keyRingId(plan.name)}/cryptoKeys/${SIGNING_KEY}`;

export function signingKeyResources(plan: Plan) {
  if (!signsWithKey(plan)) return [];
  return [
    block('resource', ['google_kms_key_ring', 'signing'], [
      comment('Key rings cannot be deleted: after a destroy, import this one instead of creating it.'),
      attr('name', keyRingId(plan.name)),
      attr('location', plan.region),
      attr('depends_on', [expr('google_project_service.apis')]),
    ]),
    block('resource', ['google_kms_crypto_key', 'signing'], [
      attr('name', SIGNING_KEY),
      attr('key_ring', expr('google_kms_key_ring.signing.id')),
      attr('purpose', 'ASYMMETRIC_SIGN'),
      block('version_template', [], [attr('algorithm', 'EC_SIGN_P256_SHA256'), attr('protection_level', 'SOFTWARE')]),
      block('lifecycle', [], [attr('prevent_destroy', true)]),
    ]),
    // cosign reads the key (its primary version) and its public key, and signs: nothing more, on this key only.
    block('resource', ['google_kms_crypto_key_iam_member', 'signing'], [
      attr('for_each', expr('merge([for key, sa in local.service_accounts : { for role in ["roles/cloudkms.signerVerifier", "roles/cloudkms.viewer"] : "${key} ${role}" => { account = key, role = role } } if sa.state == ""]...)')),
      attr('crypto_key_id', expr('google_kms_crypto_key.signing.id')),
      attr('role', expr('each.value.role')),
      attr('member', expr('google_service_account.ci[each.value.account].member')),
    ]),
  ];
}
