/**
 * Progressive delivery with Argo Rollouts: the Rollout that replaces the Deployment (same pod
 * template), the Services Argo steers, and the AnalysisTemplate that decides promotion.
 */
import type { IAnalysisRunArgument } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisRunArgument';
import type { IAnalysisTemplate } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate';
import type { IRollout } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout';
import type { IRolloutStrategy } from '@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/RolloutStrategy';
import type { IService } from 'kubernetes-models/v1/Service';
import type { Plan } from '../../plan/types.js';
import { podTemplate, selectorLabels } from './workload.js';

/** One measurement a minute, five of them: an analysis takes five minutes. */
const INTERVAL = '1m';
const COUNT = 5;
/** Seconds the old pods stay after promotion: the post-promotion analysis (5 min) can still switch back to them. */
const BLUE_GREEN_SCALE_DOWN_DELAY = 600;

/**
 * The Services Argo rewrites (it adds the pod-template-hash to their selectors). The root Service
 * (plan.name) is never one of them: it selects every pod, so the ServiceMonitor scrapes old and new
 * pods once each, and without trafficRouting it is what splits traffic by replica count.
 * Until the plan names a stable Service of its own, `<name>-stable`.
 */
export function rolloutServices(plan: Plan): { stable: string; canary: string; preview: string } {
  const { stableService, canaryService, previewService } = plan.rollout;
  return { stable: stableService === plan.name ? `${plan.name}-stable` : stableService, canary: canaryService, preview: previewService };
}

/** Services Argo steers; labelled apart from the root Service so that the ServiceMonitor does not scrape pods twice. */
export function argoServices(plan: Plan): IService[] {
  const names = rolloutServices(plan);
  const [a, b] = plan.features.progressiveDelivery === 'canary' ? [names.stable, names.canary] : [names.stable, names.preview];
  return [a, b].map((name) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, labels: { 'app.kubernetes.io/component': name === names.stable ? 'stable' : 'new-version' } },
    spec: {
      selector: selectorLabels(plan),
      ports: [{ name: plan.app.portName, port: 80, targetPort: plan.app.portName }],
    },
  }));
}

/** What every analysis run is told: the Service whose targets it reads, and the new pods' hash. */
function analysisArgs(plan: Plan): IAnalysisRunArgument[] {
  return [
    { name: 'service-name', value: plan.name },
    { name: 'namespace', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'pod-hash', valueFrom: { podTemplateHashValue: 'Latest' } },
  ];
}

function strategy(plan: Plan): IRolloutStrategy {
  const services = rolloutServices(plan);
  const analysis = { templates: [{ templateName: plan.rollout.analysisTemplate }], args: analysisArgs(plan) };
  if (plan.features.progressiveDelivery === 'blue-green') {
    return {
      blueGreen: {
        activeService: services.stable,
        previewService: services.preview,
        // A person (or `kubectl argo rollouts promote`) switches traffic, after the pre-promotion analysis passed.
        autoPromotionEnabled: false,
        prePromotionAnalysis: analysis,
        postPromotionAnalysis: analysis,
        scaleDownDelaySeconds: BLUE_GREEN_SCALE_DOWN_DELAY,
      },
    };
  }
  return {
    canary: {
      canaryService: services.canary,
      stableService: services.stable,
      // No trafficRouting: the split is by replica count through the root Service (20% = 1 pod in 5).
      steps: [
        { setWeight: 20 },
        { pause: { duration: '1m' } },
        { analysis },
        { setWeight: 50 },
        { pause: { duration: '5m' } },
        { setWeight: 100 },
      ],
      // Re-checks the new pods while half the traffic reaches them (from step 3, setWeight 50).
      analysis: { ...analysis, startingStep: 3 },
      // With trafficRouting: on abort, the canary pods stay 30 s (for their logs), then go. The replica-weighted
      // canary ignores it: an abort is a rolling update back to the stable version.
      abortScaleDownDelaySeconds: 30,
    },
  };
}

export function rollout(plan: Plan): IRollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: plan.name },
    spec: {
      selector: { matchLabels: selectorLabels(plan) },
      template: podTemplate(plan),
      strategy: strategy(plan),
      // A rollout whose pods never become ready aborts (back to stable) instead of hanging.
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: true,
    },
  };
}

/** Requests of the new pods only: the root Service's targets whose pod name carries the new hash. */
function selector(extra = ''): string {
  return `namespace="{{args.namespace}}",service="{{args.service-name}}",pod=~".+-{{args.pod-hash}}-.+"${extra}`;
}

/**
 * 1 − bad/all over the new pods. Bad requests are counted, not good ones: pods that only ever
 * answered 5xx have no 2xx series, and a ratio of good ones would be empty. With no requests at
 * all (an idle environment) the result is empty, and `or on() vector(1)` counts it as passing:
 * the analysis judges traffic, it cannot invent it.
 */
function successRatio(bad: string, all: string): string {
  return `(1 - ((${bad} or on() vector(0)) / (${all} > 0))) or on() vector(1)`;
}

export function analysisTemplate(plan: Plan): IAnalysisTemplate {
  const { requests, duration, statusLabel } = plan.metrics;
  const rate = (metric: string, extra = '') => `sum(rate(${metric}{${selector(extra)}}[2m]))`;
  const provider = (query: string) => ({ prometheus: { address: plan.rollout.prometheusAddress, query } });
  const le = String(plan.slo.latencySeconds);
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: { name: plan.rollout.analysisTemplate },
    spec: {
      args: [{ name: 'service-name' }, { name: 'namespace' }, { name: 'pod-hash' }],
      metrics: [
        {
          name: 'success-rate',
          interval: INTERVAL,
          count: COUNT,
          // A failed run aborts the rollout: Argo scales the new pods down and the stable ones serve.
          successCondition: `result[0] >= ${plan.rollout.successRatio}`,
          failureLimit: 1,
          provider: provider(successRatio(rate(requests, `,${statusLabel}=~"5.."`), rate(requests))),
        },
        {
          name: 'latency',
          interval: INTERVAL,
          count: COUNT,
          successCondition: `result[0] >= ${plan.slo.latencyObjective}`,
          failureLimit: 1,
          // Every bucket of a histogram exists once it has observed anything: a plain ratio is safe here.
          provider: provider(`(${rate(`${duration}_bucket`, `,le="${le}"`)} / (${rate(`${duration}_count`)} > 0)) or on() vector(1)`),
        },
      ],
    },
  };
}
