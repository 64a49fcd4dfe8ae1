export function encodeRankTableRaw(ranks: readonly (string | readonly number[])[]): Buffer;
export function encodeRankTable(ranks: readonly (string | readonly number[])[]): Buffer;
