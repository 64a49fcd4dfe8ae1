/**
 * How the ECS service checks and replaces its tasks, as data Terraform (cloud/aws/terraform/ecs)
 * renders and the documents quote: the load balancer's health check on the app's own endpoint,
 * the grace period, and the strategy's native ECS deployment settings.
 */
import { NO_ENDPOINT, type Strategy } from '../../../config/answers.js';
import type { Plan } from '../../../plan/types.js';

export interface HealthCheck {
  /** The path the load balancer requests: the readiness endpoint, else the liveness one, else `/`. */
  path: string;
  /** HTTP codes that count as healthy: 200–299 on an endpoint of the app's; any answer on `/` (the port is served). */
  matcher: string;
  /** Where the path came from, for the documents. */
  source: 'readiness' | 'health' | 'port';
}

export function healthCheck(plan: Pick<Plan, 'app'>): HealthCheck {
  if (plan.app.readinessPath !== NO_ENDPOINT) return { path: plan.app.readinessPath, matcher: '200-299', source: 'readiness' };
  if (plan.app.healthPath !== NO_ENDPOINT) return { path: plan.app.healthPath, matcher: '200-299', source: 'health' };
  // An ALB target group checks over HTTP only: without a route of the app's, any HTTP answer on / proves the port serves.
  return { path: '/', matcher: '200-499', source: 'port' };
}

/** Seconds ECS ignores the load balancer's verdict on a new task: a JVM (or an app without a health route) starts slowly. */
export const gracePeriodSeconds = (plan: Pick<Plan, 'stack' | 'app'>): number => (plan.stack === 'java' || plan.app.healthPath === NO_ENDPOINT ? 120 : 60);

/** The native ECS deployment settings of each strategy this target offers. */
export interface EcsDeployment {
  strategy: 'ROLLING';
  minimumHealthyPercent: number;
  maximumPercent: number;
}

export const ECS_STRATEGIES: Partial<Record<Strategy, EcsDeployment>> = {
  // New tasks start beside the old ones; an old one stops only once a new one is healthy.
  rolling: { strategy: 'ROLLING', minimumHealthyPercent: 100, maximumPercent: 200 },
  // Every old task stops before new ones start: never two versions at once, with downtime.
  recreate: { strategy: 'ROLLING', minimumHealthyPercent: 0, maximumPercent: 100 },
};
