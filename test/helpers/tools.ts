import { execFileSync } from 'node:child_process';
import { whichTool, type ToolName } from '../validators/tools.js';

const told = new Set<ToolName>();

/**
 * For it.skipIf: true only on a developer machine without the tool, with the reason printed.
 * In CI (CI=true) never true: there the test runs and a missing tool fails it, as the
 * validators do (.ci/run installs every tool).
 */
export function lacksTool(tool: ToolName): boolean {
  if (process.env.CI === 'true' || whichTool(tool)) return false;
  if (!told.has(tool)) {
    told.add(tool);
    console.warn(`skipping tests that need ${tool}: it is not installed here (CI installs it and runs them)`);
  }
  return true;
}

let terraformTold = false;

/**
 * For it.skipIf: true where no terraform binary is installed, with the reason printed once.
 * .ci/run does not install Terraform (no package in Debian), so unlike lacksTool this holds in CI
 * too; the checks that need it have an offline stand-in (the fmt layout check, the policy evaluator).
 */
export function lacksTerraform(): boolean {
  try {
    execFileSync('terraform', ['version'], { stdio: 'ignore' });
    return false;
  } catch {
    if (!terraformTold) {
      terraformTold = true;
      console.warn('skipping tests that run terraform: it is not installed here (.ci/run does not install it; offline stand-ins cover the same checks)');
    }
    return true;
  }
}
