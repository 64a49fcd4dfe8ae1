/**
 * ingress.tf: the way in. Application Gateway for Containers (the successor of the Application
 * Gateway Ingress Controller; AKS's managed NGINX is out of support and upstream ingress-nginx is
 * retired), created here and associated with its delegated subnet; the ALB Controller in the
 * cluster (installed by the setup guide, helm) programs it from the app's Ingress, as the
 * identity this file creates: it trusts the controller's service account, may configure gateways
 * in the target's resource group, and may join the subnet.
 */
import type { VirtualFile } from '../../../../core/files.js';
import type { Plan } from '../../../../plan/types.js';
import { attr, block, expr } from '../../../../render/hcl.js';
import { INGRESS_FRONTEND } from '../names.js';
import { subnetId } from './network.js';
import { ALB_CONTROLLER, AUDIENCE, hclFile, roleAssignment } from './shared.js';

const CONTROLLER = 'azurerm_user_assigned_identity.alb_controller';

export function ingressTf(plan: Plan): VirtualFile {
  return hclFile(`${plan.paths.iacDir}/ingress.tf`, 'Application Gateway for Containers and the ALB Controller identity', [
    block('resource', ['azurerm_application_load_balancer', 'app'], [
      attr('name', expr('var.cluster_name')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_application_load_balancer_subnet_association', 'app'], [
      attr('name', 'app'),
      attr('application_load_balancer_id', expr('azurerm_application_load_balancer.app.id')),
      attr('subnet_id', expr(subnetId('ingress'))),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_application_load_balancer_frontend', 'app'], [
      attr('name', INGRESS_FRONTEND),
      attr('application_load_balancer_id', expr('azurerm_application_load_balancer.app.id')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_user_assigned_identity', 'alb_controller'], [
      attr('name', expr('"${var.cluster_name}-alb-controller"')),
      attr('location', expr('var.region')),
      attr('resource_group_name', expr('var.resource_group')),
      attr('tags', expr('local.tags')),
    ]),
    block('resource', ['azurerm_federated_identity_credential', 'alb_controller'], [
      attr('name', 'alb-controller'),
      attr('resource_group_name', expr('var.resource_group')),
      attr('parent_id', expr(`${CONTROLLER}.id`)),
      attr('audience', [AUDIENCE]),
      attr('issuer', expr('azurerm_kubernetes_cluster.app.oidc_issuer_url')),
      attr('subject', `system:serviceaccount:${ALB_CONTROLLER.namespace}:${ALB_CONTROLLER.serviceAccount}`),
    ]),
    // On the gateway's resource group, as Microsoft's bring-your-own deployment does: the controller finds the gateway there.
    roleAssignment('alb_controller_gateway', '"/subscriptions/${var.subscription_id}/resourceGroups/${var.resource_group}"', 'AppGw for Containers Configuration Manager', `${CONTROLLER}.principal_id`),
    roleAssignment('alb_controller_subnet', subnetId('ingress'), 'Network Contributor', `${CONTROLLER}.principal_id`),
  ]);
}
