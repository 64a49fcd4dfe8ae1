/**
 * Token counts with a real BPE tokenizer (o200k_base, the encoding of current
 * OpenAI models, via gpt-tokenizer). Its rank tables cost ~150 ms to load, so the
 * module is imported only when counting; the import is started early (startTokenizer)
 * so that it overlaps with rendering.
 */
type CountTokens = (text: string) => number;

let loading: Promise<CountTokens> | undefined;

export function startTokenizer(): Promise<CountTokens> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => m.countTokens as CountTokens);
  return loading;
}

export async function countTokensOf(texts: readonly string[]): Promise<number[]> {
  const count = await startTokenizer();
  return texts.map((text) => count(text));
}
