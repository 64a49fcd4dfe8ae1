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

const PUBLIC_SUBNETS = /^\s*public_subnets\s*=\s*(.+)$/m;
const COMPUTED = /^\[for i in range\((\d+)\) : cidrsubnet\(var\.vpc_cidr, (\d+), i(?: \+ (\d+))?\)\]$/;
const VPC_CIDR_DEFAULT = /variable "vpc_cidr" \{[^}]*?\bdefault\s*=\s*"([^"]+)"/;

/**
 * The public subnets an internet-facing ALB has its addresses in, as vpc.tf creates them for a
 * target: `[for i in range(N) : cidrsubnet(var.vpc_cidr, BITS, i + OFFSET)]` with the target's
 * vpc_cidr (its tfvars, else the variable's default), or a list of literal CIDRs.
 */
export function publicSubnetsOf(stack: ReadonlyMap<string, { path: string; content: string }>, values: Record<string, string>): { cidrs: string[]; file: string } | undefined {
  const vpc = stack.get('vpc.tf');
  const line = vpc && PUBLIC_SUBNETS.exec(vpc.content)?.[1]?.trim();
  if (!vpc || !line) return undefined;
  const computed = COMPUTED.exec(line);
  if (!computed) {
    const literal = [...line.matchAll(/"([0-9./]+)"/g)].map((m) => m[1]!);
    return literal.length ? { cidrs: literal, file: vpc.path } : undefined;
  }
  const cidr = values['vpc_cidr'] ?? VPC_CIDR_DEFAULT.exec(stack.get('variables.tf')?.content ?? '')?.[1];
  if (!cidr) return undefined;
  const [, count, bits, offset] = computed;
  return { cidrs: Array.from({ length: Number(count) }, (_, i) => cidrSubnet(cidr, Number(bits), i + Number(offset ?? 0))), file: vpc.path };
}
