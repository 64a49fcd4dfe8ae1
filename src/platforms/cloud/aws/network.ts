/**
 * The AWS network the manifests must agree with: infra/terraform's VPC and the public subnets an
 * internet-facing ALB has its addresses in.
 */

/** infra/terraform's default vpc_cidr: RDS, ElastiCache and (with the VPC CNI) every pod have addresses in it. Change both together. */
export const VPC_CIDR = '10.0.0.0/16';

/**
 * The VPC's public subnets, where an internet-facing ALB has its addresses: infra/terraform's
 * `cidrsubnet(var.vpc_cidr, 8, i + 48)` for i in 0..2 (steps/iac/cluster.ts). Change both together.
 */
export function albSourceCidrs(vpcCidr = VPC_CIDR): string[] {
  return [0, 1, 2].map((i) => cidrSubnet(vpcCidr, 8, i + 48));
}

/** Terraform's cidrsubnet for IPv4. */
export function cidrSubnet(prefix: string, newbits: number, netnum: number): string {
  const [ip, bits] = prefix.split('/') as [string, string];
  const base = ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const length = Number(bits) + newbits;
  const address = base + netnum * 2 ** (32 - length);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join('.')}/${length}`;
}
