import { NO_ENDPOINT } from '../../config/answers.js';
import type { ConsistencyRule } from '../rule.js';

/** Probes and scraping use the paths and port the app serves (app.* in the answers). */
export const probePathsMatchApp: ConsistencyRule = {
  id: 'probe-paths-match-app',
  description: 'Liveness, readiness and metrics paths used by probes and monitoring are the ones the app serves.',
  needs: ['deployment', 'observability'],
  check({ plan, facts }) {
    const problems = [];
    const workload = facts.deployment.workload;
    if (workload) {
      for (const probe of workload.probes) {
        const expected = probe.kind === 'readiness' ? plan.app.readinessPath : plan.app.healthPath;
        // Without a route (none), only a TCP (or exec, gRPC) probe checks something the app serves.
        const fits = expected === NO_ENDPOINT ? probe.handler !== 'http' : probe.handler === 'http' && probe.path === expected;
        if (!fits) {
          problems.push({
            message: `the ${probe.kind} probe in ${workload.file} checks ${probe.handler === 'http' ? `"${probe.path}"` : `by ${probe.handler}`}, but the app serves ${probe.kind === 'readiness' ? 'readiness' : 'health'} on "${expected}" (app.${probe.kind === 'readiness' ? 'readinessPath' : 'healthPath'})`,
            files: [workload.file, plan.paths.answers],
            remedy: `${expected === NO_ENDPOINT ? 'Use a tcpSocket probe on the port' : `Use "${expected}" in the probe`}, or change app.${probe.kind === 'readiness' ? 'readinessPath' : 'healthPath'} in devops-stack.yaml and re-run.`,
          });
        }
      }
    }
    const monitor = facts.observability.serviceMonitor;
    if (monitor && monitor.path !== plan.app.metricsPath) {
      problems.push({
        message: plan.app.metricsPath === NO_ENDPOINT
          ? `${monitor.file} scrapes "${monitor.path}", but the app serves no metrics (app.metricsPath: none)`
          : `${monitor.file} scrapes "${monitor.path}", but the app serves metrics on "${plan.app.metricsPath}" (app.metricsPath)`,
        files: [monitor.file, plan.paths.answers],
        remedy: `${plan.app.metricsPath === NO_ENDPOINT ? 'Remove the ServiceMonitor' : `Use "${plan.app.metricsPath}" in the ServiceMonitor`}, or change app.metricsPath in devops-stack.yaml and re-run.`,
      });
    }
    return problems;
  },
};
