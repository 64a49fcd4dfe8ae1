import type { ConsistencyRule } from '../rule.js';

/** The official images of each language, and where their tag (or name) carries the runtime's version. */
const IMAGES: Record<string, RegExp[]> = {
  node: [/^(?:docker\.io\/)?(?:library\/)?node:(\d[\w.]*)/],
  python: [/^(?:docker\.io\/)?(?:library\/)?python:(\d[\w.]*)/],
  go: [/^(?:docker\.io\/)?(?:library\/)?golang:(\d[\w.]*)/],
  java: [/^(?:docker\.io\/)?(?:library\/)?eclipse-temurin:(\d+)/, /^(?:docker\.io\/)?(?:library\/)?maven:[\w.]*-eclipse-temurin-(\d+)/, /^(?:docker\.io\/)?(?:library\/)?gradle:[\w.]*jdk(\d+)/],
};

/** "1.21" and "1.21.3" agree (one names the other's line); "20" and "22" do not. */
function agree(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return long === short || long.startsWith(`${short}.`);
}

/**
 * CI tests with the runtime version the image runs: Go set up from go.mod's `go 1.15` while the
 * image builds with 1.25 passes CI and breaks (or behaves differently) in production. An image of
 * another base (a kept Dockerfile of the user's) is not judged.
 */
export const runtimeVersionMatchesImage: ConsistencyRule = {
  id: 'runtime-version-matches-image',
  description: "CI sets up the language runtime at the version the Dockerfile's images are built and run with.",
  needs: ['cicd'],
  check({ facts }) {
    const image = facts.cicd.image;
    if (!image) return [];
    const problems = [];
    const seen = new Set<string>();
    for (const job of facts.cicd.jobs) {
      for (const { language, version } of job.runtimes ?? []) {
        const versions = image.fromImages.flatMap((from) => (IMAGES[language] ?? []).flatMap((re) => re.exec(from)?.[1] ?? []));
        // The tag's version: "20-bookworm-slim" → 20, "3.11-slim" → 3.11.
        const tags = versions.map((v) => /^\d+(?:\.\d+)*/.exec(v)![0]);
        const wrong = tags.find((t) => !agree(t, version));
        const key = `${job.file}|${language}|${version}|${wrong}`;
        if (wrong === undefined || seen.has(key)) continue;
        seen.add(key);
        problems.push({
          message: `${job.file} (job ${job.id}) sets up ${language} ${version}, but ${image.file} builds or runs with ${language} ${wrong} (${image.fromImages.join(', ')})`,
          files: [job.file, image.file],
          remedy: 'Set app.runtimeVersion in devops-stack.yaml to the version the app runs on and re-run: CI and the image take it both.',
        });
      }
    }
    return problems;
  },
};
