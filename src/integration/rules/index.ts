/** Every consistency rule, sorted by id. A rule without a test fails test/rules.test.ts. */
import type { ConsistencyRule } from '../rule.js';
import { alertTestsLoadDeployedRules } from './alert-tests-load-deployed-rules.js';
import { alertTestsRunInCi } from './alert-tests-run-in-ci.js';
import { alertsKeepRouteLabels } from './alerts-keep-route-labels.js';
import { alertsMatchWorkload } from './alerts-match-workload.js';
import { ciAppliesGeneratedManifests } from './ci-applies-generated-manifests.js';
import { clusterMatchesIac } from './cluster-matches-iac.js';
import { commandsAvailable } from './commands-available.js';
import { commandsExistInImage } from './commands-exist-in-image.js';
import { environmentsAgree } from './environments-agree.js';
import { identitiesStayInEnvironment } from './identities-stay-in-environment.js';
import { imageFitsWorkload } from './image-fits-workload.js';
import { imagePushedIsPulled } from './image-pushed-is-pulled.js';
import { metricsUsedAreCollected } from './metrics-used-are-collected.js';
import { migrationBeforeTraffic } from './migration-before-traffic.js';
import { monitorSelectsService } from './monitor-selects-service.js';
import { namesUnique } from './names-unique.js';
import { networkPolicyAdmitsIngress } from './network-policy-admits-ingress.js';
import { noLocalAddressInCluster } from './no-local-address-in-cluster.js';
import { oidcTrustsDeployJobs } from './oidc-trusts-deploy-jobs.js';
import { oneCloud } from './one-cloud.js';
import { policiesCompile } from './policies-compile.js';
import { probePathsMatchApp } from './probe-paths-match-app.js';
import { productionHasApproval } from './production-has-approval.js';
import { registryMatchesIac } from './registry-matches-iac.js';
import { retentionCoversRuleRanges } from './retention-covers-rule-ranges.js';
import { rollbackAlarmsAreDefined } from './rollback-alarms-are-defined.js';
import { runtimeVersionMatchesImage } from './runtime-version-matches-image.js';
import { settingsDocumented } from './settings-documented.js';
import { telemetryReachesBackend } from './telemetry-reaches-backend.js';
import { timeoutsFitJobs } from './timeouts-fit-jobs.js';
import { terraformInputsExist } from './terraform-inputs-exist.js';
import { trustKeepsEnvironmentsApart } from './trust-keeps-environments-apart.js';

// Sorted by code unit, not localeCompare: the same order in every locale, and no ICU collator
// to set up at start-up (~6 ms).
export const RULES: readonly ConsistencyRule[] = [
  alertTestsLoadDeployedRules,
  alertTestsRunInCi,
  alertsKeepRouteLabels,
  alertsMatchWorkload,
  ciAppliesGeneratedManifests,
  clusterMatchesIac,
  commandsAvailable,
  commandsExistInImage,
  environmentsAgree,
  identitiesStayInEnvironment,
  imageFitsWorkload,
  imagePushedIsPulled,
  metricsUsedAreCollected,
  migrationBeforeTraffic,
  monitorSelectsService,
  namesUnique,
  networkPolicyAdmitsIngress,
  noLocalAddressInCluster,
  oidcTrustsDeployJobs,
  oneCloud,
  policiesCompile,
  probePathsMatchApp,
  productionHasApproval,
  registryMatchesIac,
  retentionCoversRuleRanges,
  rollbackAlarmsAreDefined,
  runtimeVersionMatchesImage,
  settingsDocumented,
  telemetryReachesBackend,
  terraformInputsExist,
  timeoutsFitJobs,
  trustKeepsEnvironmentsApart,
].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
