/**
 * Maven or Gradle, read into one shape: the build tool and its wrapper, the project's name and
 * version, its dependencies (group:artifact), the Java release it targets and whether it uses
 * the Spring Boot plugin. Gradle files are read by pattern (Groovy and Kotlin DSL alike), with
 * the version catalog (gradle/libs.versions.toml) for `libs.…` dependencies.
 */
import type { Repo } from '../repo.js';
import { readToml, tomlString } from '../toml.js';
import { readPom, resolveProperty } from './pom.js';

export interface JavaBuild {
  tool: 'maven' | 'gradle';
  file: string;
  /** "./mvnw", "mvn", "./gradlew", "gradle". */
  command: string;
  wrapperNote?: string;
  name?: string;
  nameFile?: string;
  version?: string;
  dependencies: { id: string; artifact: string }[];
  release?: { version: string; file: string; reason: string };
  springBoot: boolean;
}

const GRADLE_FILES = ['build.gradle.kts', 'build.gradle'];

function wrapper(repo: Repo, script: string, tool: string): { command: string; note?: string } {
  if (repo.read(script, 1) === undefined) return { command: tool };
  if (repo.executable(script)) return { command: `./${script}` };
  return { command: `sh ./${script}`, note: `${script} is not executable in the working tree: run through sh` };
}

export function readJavaBuild(repo: Repo): JavaBuild | undefined {
  const pomText = repo.read('pom.xml');
  if (pomText !== undefined) {
    const pom = readPom(pomText);
    const w = wrapper(repo, 'mvnw', 'mvn');
    const compiler = pom.plugins.find((p) => p.artifactId === 'maven-compiler-plugin')?.configuration ?? '';
    const releaseRaw = ['java.version', 'maven.compiler.release', 'maven.compiler.source', 'maven.compiler.target']
      .map((k) => [k, pom.properties[k]] as const)
      .find(([, v]) => v) ?? [['<release>', /<release>\s*([^<\s]+)\s*<\/release>/.exec(compiler)?.[1]] as const].find(([, v]) => v);
    const release = releaseRaw && resolveProperty(pom, releaseRaw[1])?.replace(/^1\./, '');
    return {
      tool: 'maven',
      file: 'pom.xml',
      command: w.command,
      ...(w.note ? { wrapperNote: w.note } : {}),
      ...(pom.artifactId ? { name: pom.artifactId, nameFile: 'pom.xml' } : {}),
      ...(pom.version ? { version: pom.version } : {}),
      dependencies: pom.dependencies.map((d) => ({ id: `${d.groupId}:${d.artifactId}`, artifact: d.artifactId })),
      ...(release && /^\d+$/.test(release) ? { release: { version: release, file: 'pom.xml', reason: `${releaseRaw![0]} ${release}` } } : {}),
      springBoot: pom.parent?.artifactId === 'spring-boot-starter-parent' || pom.plugins.some((p) => p.artifactId === 'spring-boot-maven-plugin'),
    };
  }
  const file = GRADLE_FILES.find((f) => repo.read(f, 1) !== undefined);
  if (!file) return undefined;
  const text = repo.read(file) ?? '';
  const w = wrapper(repo, 'gradlew', 'gradle');
  const dependencies = [...text.matchAll(/\b(?:implementation|api|runtimeOnly|compileOnly|developmentOnly|testImplementation|testRuntimeOnly)\s*\(?\s*['"]([^:'"\s]+):([^:'"\s]+)(?::[^'"]*)?['"]/g)].map((m) => ({ id: `${m[1]}:${m[2]}`, artifact: m[2]! }));
  dependencies.push(...catalogDependencies(repo, text));
  const release = /languageVersion(?:\s*=|\.set\()\s*JavaLanguageVersion\.of\(\s*(\d+)/.exec(text) ?? /jvmToolchain\(\s*(\d+)/.exec(text) ?? /sourceCompatibility\s*=\s*(?:JavaVersion\.VERSION_(?:1_)?|['"])(\d+)/.exec(text);
  const settings = ['settings.gradle.kts', 'settings.gradle'].find((f) => repo.read(f, 1) !== undefined);
  const name = settings && /rootProject\.name\s*=\s*["']([^"']+)["']/.exec(repo.read(settings) ?? '')?.[1];
  const version = /^version\s*=\s*["']([^"']+)["']/m.exec(text)?.[1];
  return {
    tool: 'gradle',
    file,
    command: w.command,
    ...(w.note ? { wrapperNote: w.note } : {}),
    ...(name ? { name, nameFile: settings } : {}),
    ...(version ? { version } : {}),
    dependencies,
    ...(release ? { release: { version: release[1]!, file, reason: release[0].trim() } } : {}),
    springBoot: /['"]org\.springframework\.boot['"]/.test(text) || /libs\.plugins\.spring\.boot/.test(text),
  };
}

/** `implementation(libs.spring.boot.starter.actuator)` → the catalog's module for that alias. */
function catalogDependencies(repo: Repo, build: string): { id: string; artifact: string }[] {
  const catalog = repo.read('gradle/libs.versions.toml');
  if (!catalog) return [];
  const libraries = readToml(catalog).get('libraries') ?? {};
  const out: { id: string; artifact: string }[] = [];
  for (const [alias, entry] of Object.entries(libraries)) {
    if (!build.includes(`libs.${alias.replace(/[-_]/g, '.')}`)) continue;
    const module = typeof entry === 'string' ? entry.split(':').slice(0, 2).join(':') : tomlString((entry as Record<string, never>)['module']) ?? [tomlString((entry as Record<string, never>)['group']), tomlString((entry as Record<string, never>)['name'])].join(':');
    const artifact = module.split(':')[1];
    if (artifact) out.push({ id: module, artifact });
  }
  return out;
}
