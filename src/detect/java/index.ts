/**
 * The Java provider: pom.xml or build.gradle(.kts) makes a JVM service. Build tool and wrapper,
 * JDK release, commands, Spring Boot's port and Actuator endpoints, settings, backing services:
 * each decided by its own module, with its file.
 */
import type { BackingService } from '../../config/answers.js';
import { findRoutes, healthFromRoutes, metricsFromRoutes } from '../endpoints.js';
import { lookup, SERVICE_DEPENDENCIES } from '../knowledge.js';
import { toDnsLabel, type Repo } from '../repo.js';
import { looksSecret } from '../settings.js';
import { isLocalAddress } from '../../config/local-address.js';
import type { AppSetting } from '../../config/answers.js';
import { toolVersion } from '../tool-versions.js';
import type { Detected, Provider } from '../types.js';
import { readJavaBuild, type JavaBuild } from './build-file.js';
import { actuatorEndpoints, readSpringConfig, SPRING_SERVICES, springPort, type SpringConfig } from './spring.js';

const JAVA_SOURCES = ['.java', '.kt'];
const ROUTES = [/@(?:Get|Request)Mapping\(\s*(?:(?:value|path)\s*=\s*)?\{?\s*"(\/[^"]*)"/g];

const wrapped = (build: JavaBuild): boolean => build.command !== 'mvn' && build.command !== 'gradle';

function commands(build: JavaBuild): Detected[] {
  const c = build.command;
  const file = build.file;
  const note = build.wrapperNote ? `; ${build.wrapperNote}` : '';
  const via = wrapped(build) ? `the ${build.tool === 'maven' ? 'Maven' : 'Gradle'} wrapper${note}` : `${build.tool === 'maven' ? 'Maven' : 'Gradle'} (no wrapper)`;
  if (build.tool === 'maven') {
    return [
      { field: 'app.commands.install', value: `${c} -B dependency:go-offline`, file, reason: via },
      { field: 'app.commands.test', value: `${c} -B verify`, file, reason: `${via}: verify runs the tests and checks` },
      { field: 'app.commands.build', value: `${c} -B -DskipTests package`, file, reason: via },
      { field: 'app.commands.start', value: ['java', '-jar', 'app.jar'], file, reason: build.springBoot ? 'the Spring Boot jar (target/*.jar, copied as app.jar)' : 'the packaged jar (target/*.jar, copied as app.jar)' },
    ];
  }
  return [
    { field: 'app.commands.install', value: `${c} --no-daemon dependencies`, file, reason: via },
    { field: 'app.commands.test', value: `${c} test`, file, reason: via },
    { field: 'app.commands.build', value: `${c} --no-daemon ${build.springBoot ? 'bootJar' : 'assemble'}`, file, reason: build.springBoot ? `${via}: bootJar builds the executable jar (build/libs)` : via },
    { field: 'app.commands.start', value: ['java', '-jar', 'app.jar'], file, reason: build.springBoot ? 'the Spring Boot jar (build/libs/*.jar without -plain, copied as app.jar)' : 'the jar from build/libs, copied as app.jar' },
  ];
}

function settings(config: SpringConfig): Detected[] {
  const byFile = new Map<string, AppSetting[]>();
  for (const [key, raw] of config.values) {
    for (const m of raw.matchAll(/\$\{([A-Z][A-Z0-9_]*)(:[^}]*)?\}/g)) {
      const secret = looksSecret(m[1]!) || /password|secret|token|key|credentials/i.test(key);
      // A default that is a local address (${DB_HOST:localhost}) would point at the pod itself: listed with it.
      const local = m[2] !== undefined && !secret && isLocalAddress(m[2].slice(1)) ? m[2].slice(1) : undefined;
      // A placeholder with another default is optional, unless what it holds is a secret.
      if (m[2] !== undefined && !secret && !local) continue;
      if (m[1] === 'PORT') continue;
      const file = config.files.get(key)!;
      const list = byFile.get(file) ?? [];
      if (!list.some((s) => s.name === m[1])) list.push({ name: m[1]!, secret, ...(local ? { local } : {}) });
      byFile.set(file, list);
    }
  }
  return [...byFile].map(([file, value]) => ({ field: 'app.settings', value, file, reason: 'placeholders in the Spring configuration' }));
}

export const javaProvider: Provider = {
  stack: 'java',
  detect: (repo) => ['pom.xml', 'build.gradle.kts', 'build.gradle'].find((f) => repo.read(f, 1) !== undefined),
  plan(repo: Repo): Detected[] {
    const build = readJavaBuild(repo)!;
    const out: Detected[] = [{ field: 'stack', value: 'java', file: build.file, reason: build.file }];
    const label = build.name && toDnsLabel(build.name);
    if (label) out.push({ field: 'name', value: label, file: build.nameFile!, reason: build.tool === 'maven' ? `artifactId ${build.name}` : `rootProject.name ${build.name}` });
    out.push({ field: 'app.packageManager', value: build.tool, file: build.file, reason: wrapped(build) ? `${build.file} with its wrapper` : build.file });
    const tool = toolVersion(repo, ['java']);
    if (build.release) out.push({ field: 'app.runtimeVersion', value: build.release.version, file: build.release.file, reason: build.release.reason });
    else if (tool) out.push({ field: 'app.runtimeVersion', value: tool.version.split('.')[0], file: tool.file, reason: `java ${tool.version}` });
    if (build.springBoot) out.push({ field: 'framework', value: 'spring-boot', file: build.file, reason: 'Spring Boot plugin or parent' });
    out.push(...commands(build));
    const artifacts = build.dependencies.map((d) => d.artifact);
    const config = readSpringConfig(repo);
    if (build.springBoot) out.push(...springPort(config).map((d) => (d.file === 'pom.xml' ? { ...d, file: build.file } : d)));
    const actuator = artifacts.includes('spring-boot-starter-actuator');
    const prometheus = artifacts.includes('micrometer-registry-prometheus');
    out.push(...actuatorEndpoints(config, { actuator, prometheus, file: build.file }));
    if (!actuator || !prometheus) {
      const sources = repo.sources(JAVA_SOURCES);
      const app = { files: sources.files.filter((f) => f.path.startsWith('src/main/')), complete: sources.complete };
      const routes = findRoutes(app, ROUTES);
      if (!actuator) out.push(...healthFromRoutes(routes, app));
      if (!prometheus) out.push(...metricsFromRoutes(routes, app, undefined));
    }
    const services = new Map<BackingService, Detected>();
    for (const { value, dependency } of lookup(SERVICE_DEPENDENCIES, 'java', artifacts)) if (!services.has(value)) services.set(value, { field: 'backingServices', value: [value], file: build.file, reason: `dependency ${dependency}` });
    for (const [key, raw] of config.values) {
      for (const [keyPattern, valuePattern, service] of SPRING_SERVICES) {
        if (keyPattern.test(key) && valuePattern.test(raw) && !services.has(service as BackingService)) services.set(service as BackingService, { field: 'backingServices', value: [service], file: config.files.get(key)!, reason: key });
      }
    }
    out.push(...services.values(), ...settings(config));
    return out;
  },
};
