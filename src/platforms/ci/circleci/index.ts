/**
 * CircleCI: one .circleci/config.yml (2.1) with a CI and a deploy workflow. Jobs in pinned
 * images, an approval job before production, a restricted context per environment, one deploy
 * at a time per target by `serial-group`, cloud login from CircleCI's OIDC token, no orbs.
 * CircleCI has no environments: what GitHub keeps on an environment (its settings, who may
 * deploy, the identity's trust) is spread over contexts, the approval job and the setup guide.
 */
import type { StackLocation } from '../../../plan/types.js';
import type { CiPlatformAdapter } from '../../types.js';
import { circleciDeliverables } from './deliverables.js';
import { extractCircleci } from './extract.js';
import { circleciGuide, circleciGuideContext } from './guide.js';
import { circleciOidc, cosignIdentity } from './oidc.js';
import { renderCircleci } from './render.js';

/**
 * CircleCI reads one file, the repository root's .circleci/config.yml. A stack below the root
 * keeps its own in its directory, never the root's (the user's): the repository points CircleCI
 * at it (a pipeline per config file, or path filtering; integration guide).
 */
function paths(_name: string, _location: StackLocation) {
  return { ciWorkflow: '.circleci/config.yml', deployWorkflow: '.circleci/config.yml', toolsScript: '.circleci/install-tools.sh' };
}

export const circleci: CiPlatformAdapter = {
  id: 'circleci',
  title: 'CircleCI',
  knownPaths: ['.circleci/config.yml', '.circleci/install-tools.sh'],
  capabilities: {
    approvals: { inFile: true, handledBy: 'an approval job before production; who may approve is the production context\'s security group (setup guide, stage 3)' },
    serialDeploys: true,
    oidc: true,
    environmentInSubject: {
      inToken: false,
      handledBy: 'a restricted context per environment holding its identity (setup guide, stage 3); every environment\'s identity trusts the project\'s jobs on the deploy branch',
    },
    codeScanning: false,
    // Fulcio accepts CircleCI's tokens (client id sigstore): images are signed keylessly.
    keylessSigning: true,
  },
  guide: circleciGuide,
  guideContext: circleciGuideContext,
  verifyAttestation: (plan) => `cosign verify-attestation --type slsaprovenance ${cosignIdentity(plan.answers)} "$IMAGE"`,
  paths,
  oidc: circleciOidc,
  render: renderCircleci,
  extract: extractCircleci,
  deliverables: circleciDeliverables,
};
