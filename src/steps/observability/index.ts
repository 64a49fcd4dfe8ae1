/**
 * Observability for T1: kube-prometheus-stack (release `kube-prometheus-stack` in
 * namespace `monitoring`) scrapes the service, evaluates its alerts and shows its
 * dashboard; logs go to CloudWatch through the EKS CloudWatch add-on.
 */
import type { VirtualFile } from '../../core/files.js';
import type { Plan } from '../../plan/types.js';
import { yamlFile } from '../../render/yaml.js';
import type { Step } from '../step.js';
import { prometheusRule } from './alerts.js';
import { dashboardJson } from './dashboard.js';
import { observabilityDoc } from './docs.js';
import { extractObservability } from './extract.js';
import { kustomization } from './kustomization.js';
import { observabilityFiles } from './names.js';
import { serviceMonitor } from './service-monitor.js';

export { isPlatformMetric, metricNames } from './metric-names.js';

function render(plan: Plan): VirtualFile[] {
  const f = observabilityFiles(plan);
  const file = (path: string, content: string, summary: string): VirtualFile => ({
    path,
    content,
    producer: 'observability',
    summary,
  });
  const resources = [f.serviceMonitor, f.prometheusRule].map((p) => p.slice(f.dir.length + 1));
  return [
    file(f.serviceMonitor, yamlFile(serviceMonitor(plan)), 'ServiceMonitor: what Prometheus scrapes and keeps'),
    file(f.prometheusRule, yamlFile(prometheusRule(plan)), 'Alert rules, each with a runbook link'),
    file(f.dashboardPath, dashboardJson(plan), 'Grafana RED dashboard'),
    file(f.kustomization, yamlFile(kustomization(plan, resources, f.dashboard)), 'Applies the above; the dashboard as a ConfigMap'),
    file(f.doc, observabilityDoc(plan), 'Metrics contract, logs, alert runbooks'),
  ];
}

export const observabilityStep: Step<'observability'> = {
  id: 'observability',
  title: 'observability',
  dependsOn: ['deployment'],
  render,
  extract: extractObservability,
};
