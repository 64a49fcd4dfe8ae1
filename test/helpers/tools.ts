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
