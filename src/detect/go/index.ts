/**
 * The Go provider: go.mod makes a Go service. Its version (toolchain, else go directive), main
 * package, commands, cgo and native needs, port, endpoints, settings and backing services are
 * decided by their own modules, each with its file.
 */
import { lookup, NATIVE_DEPENDENCIES, SERVICE_DEPENDENCIES } from '../knowledge.js';
import { toDnsLabel, type Repo } from '../repo.js';
import { looksSecret, requiredIn, settingsFrom } from '../settings.js';
import { toolVersion } from '../tool-versions.js';
import type { Detected, Provider } from '../types.js';
import { readGoMod } from './go-mod.js';
import { goMainPackage } from './main-package.js';
import { GO_SOURCES, goEndpoints, goFramework, goPort } from './serving.js';

export const goProvider: Provider = {
  stack: 'go',
  detect: (repo) => (repo.read('go.mod', 1) !== undefined ? 'go.mod' : undefined),
  plan(repo: Repo): Detected[] {
    const mod = readGoMod(repo.read('go.mod') ?? '');
    const out: Detected[] = [{ field: 'stack', value: 'go', file: 'go.mod', reason: 'go.mod' }, { field: 'app.packageManager', value: 'go', file: 'go.mod', reason: 'Go modules' }];
    const label = mod.module && toDnsLabel(mod.module.split('/').at(-1)!);
    if (label) out.push({ field: 'name', value: label, file: 'go.mod', reason: `module ${mod.module}` });
    // CI and the image build with the same Go: the toolchain the module asks for, else its go line.
    const tool = toolVersion(repo, ['golang', 'go']);
    if (mod.toolchain) out.push({ field: 'app.runtimeVersion', value: mod.toolchain, file: 'go.mod', reason: `toolchain go${mod.toolchain}` });
    else if (mod.go) out.push({ field: 'app.runtimeVersion', value: mod.go, file: 'go.mod', reason: `go ${mod.go} directive` });
    else if (tool) out.push({ field: 'app.runtimeVersion', value: tool.version, file: tool.file, reason: `golang ${tool.version}` });
    const framework = goFramework(mod.requires);
    if (framework) out.push({ field: 'framework', value: framework.id, file: 'go.mod', reason: `module ${framework.module}` });
    const main = goMainPackage(repo, label);
    out.push(main);
    out.push(
      { field: 'app.commands.install', value: 'go mod download', file: 'go.mod', reason: 'Go modules' },
      { field: 'app.commands.test', value: 'go test ./...', file: 'go.mod', reason: 'every package of the module' },
      { field: 'app.commands.build', value: `go build -trimpath -ldflags="-s -w" -o app ${main.value as string}`, file: main.file, reason: `main package ${main.value as string}` },
      { field: 'app.commands.start', value: ['./app'], file: main.file, reason: 'the binary built from the main package' },
    );
    const sources = repo.sources(GO_SOURCES);
    const cgo = sources.files.find((f) => !f.path.endsWith('_test.go') && /^import\s+"C"/m.test(f.text));
    if (cgo) out.push({ field: 'app.native', value: ['cgo'], file: cgo.path, reason: 'import "C"' });
    for (const { value, dependency } of lookup(NATIVE_DEPENDENCIES, 'go', mod.requires)) out.push({ field: 'app.native', value, file: 'go.mod', reason: `module ${dependency} (needs cgo)` });
    out.push(...goPort(repo, framework));
    const promhttp = mod.requires.find((r) => r === 'github.com/prometheus/client_golang' || r.startsWith('github.com/prometheus/client_golang/'));
    out.push(...goEndpoints(repo, promhttp));
    for (const { value, dependency } of lookup(SERVICE_DEPENDENCIES, 'go', mod.requires)) out.push({ field: 'backingServices', value: [value], file: 'go.mod', reason: `module ${dependency}` });
    const env = requiredIn(sources.files.filter((f) => !f.path.endsWith('_test.go')), [/os\.(?:Getenv|LookupEnv)\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g]);
    out.push(...settingsFrom(env.filter((s) => looksSecret(s.name)), 'a secret read with os.Getenv'));
    return out;
  },
};
