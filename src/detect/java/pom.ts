/**
 * The few facts detection needs from a Maven pom.xml: the project's own coordinates, its
 * properties, its dependencies and the compiler release. A tag reader, not an XML parser:
 * comments are dropped, tags matched by name; anything unexpected is skipped.
 */

export interface PomDependency {
  groupId: string;
  artifactId: string;
  scope?: string;
}

export interface Pom {
  artifactId?: string;
  version?: string;
  packaging?: string;
  finalName?: string;
  parent?: { groupId?: string; artifactId?: string; version?: string };
  properties: Record<string, string>;
  dependencies: PomDependency[];
  /** artifactIds of build plugins, with their configuration's text. */
  plugins: { artifactId: string; configuration: string }[];
}

const tag = (text: string, name: string): string | undefined => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(text)?.[1];
const blocks = (text: string, name: string): string[] => [...text.matchAll(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`, 'g'))].map((m) => m[1]!);
const cut = (text: string, name: string): string => text.replace(new RegExp(`<${name}>[\\s\\S]*?</${name}>`, 'g'), '');

export function readPom(text: string): Pom {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  const parentBlock = blocks(xml, 'parent')[0];
  // The project's own elements: without its parent, dependencies, build, profiles and management sections.
  const own = ['parent', 'dependencyManagement', 'dependencies', 'build', 'profiles', 'properties', 'reporting'].reduce(cut, xml);
  const propertiesBlock = blocks(xml, 'properties')[0] ?? '';
  const properties: Record<string, string> = {};
  for (const m of propertiesBlock.matchAll(/<([A-Za-z0-9._-]+)>\s*([^<]*?)\s*<\/\1>/g)) properties[m[1]!] = m[2]!;
  const managed = blocks(xml, 'dependencyManagement').join('');
  const dependencies = blocks(xml.replace(managed, ''), 'dependency').flatMap((d): PomDependency[] => {
    const groupId = tag(d, 'groupId');
    const artifactId = tag(d, 'artifactId');
    const scope = tag(d, 'scope');
    return groupId && artifactId ? [{ groupId, artifactId, ...(scope ? { scope } : {}) }] : [];
  });
  const plugins = blocks(xml, 'plugin').flatMap((p) => {
    const artifactId = tag(cut(p, 'dependencies'), 'artifactId');
    return artifactId ? [{ artifactId, configuration: blocks(p, 'configuration').join('') }] : [];
  });
  const pom: Pom = { properties, dependencies, plugins };
  const set = <K extends keyof Pom>(key: K, value: Pom[K] | undefined): void => {
    if (value !== undefined) pom[key] = value;
  };
  set('artifactId', tag(own, 'artifactId'));
  set('version', tag(own, 'version'));
  set('packaging', tag(own, 'packaging'));
  set('finalName', tag(blocks(xml, 'build')[0] ?? '', 'finalName'));
  if (parentBlock) {
    const parent: NonNullable<Pom['parent']> = {};
    for (const key of ['groupId', 'artifactId', 'version'] as const) {
      const value = tag(parentBlock, key);
      if (value) parent[key] = value;
    }
    pom.parent = parent;
  }
  return pom;
}

/** ${java.version} → the property's value (one level: enough for the compiler release). */
export function resolveProperty(pom: Pom, value: string | undefined): string | undefined {
  const ref = value && /^\$\{([^}]+)\}$/.exec(value)?.[1];
  return ref ? pom.properties[ref] : value;
}
