/**
 * Token counts with a real BPE tokenizer: gpt-tokenizer's o200k_base (the encoding of current
 * OpenAI models). Its rank table costs ~150 ms and ~1 MB, so it is its own chunk of the bundle
 * (dist/tokenizer.cjs, see scripts/build.mjs), loaded only when counting; startTokenizer() begins
 * the load as the run starts.
 */
type CountTokens = (text: string) => number;

let loading: Promise<CountTokens> | undefined;

export function startTokenizer(): Promise<CountTokens> {
  if (!loading) {
    loading = import('gpt-tokenizer/encoding/o200k_base').then((m) => m.countTokens as CountTokens);
    // A run that fails before it counts never awaits this: don't let a failed load crash it.
    loading.catch(() => undefined);
  }
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  const count = await startTokenizer();
  return texts.map((text) => count(text));
}
