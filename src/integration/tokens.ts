/**
 * Token counts with a real BPE tokenizer: gpt-tokenizer's cl100k_base. It loads in half the time
 * of o200k_base and ships at half the size (~75 ms, 0.5 MB compressed), and counts within ~1% of
 * it on our files (T1: 9,445 against 9,477), so the budgets mean the same. The
 * rank table is still the largest cost of a run, so it is its own chunk of the bundle
 * (dist/tokenizer.cjs, see scripts/build.mjs), loaded only when counting; startTokenizer() begins
 * the load as the run starts.
 */
type CountTokens = (text: string) => number;

let loading: Promise<CountTokens> | undefined;

type Encoding = { countTokens: CountTokens };

/**
 * In the CommonJS bundle, a plain require: an import() would go through the ESM loader, which
 * first scans the whole 1.3 MB chunk for export names (~25 ms). The sources (tests) are ESM.
 */
function load(): Promise<Encoding> {
  return typeof require === 'function'
    ? Promise.resolve().then(() => require('gpt-tokenizer/encoding/cl100k_base') as Encoding)
    : import('gpt-tokenizer/encoding/cl100k_base');
}

export function startTokenizer(): Promise<CountTokens> {
  if (!loading) {
    loading = load().then((m) => m.countTokens);
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  const count = await startTokenizer();
  return texts.map((text) => count(text));
}
