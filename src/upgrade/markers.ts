/**
 * Git's conflict markers, as upgrade's merge writes them (or any merge tool): a start line, then a
 * separator, then an end line, in that order. A file that still holds them is not what either side
 * meant, and must never pass for up to date.
 */
export function hasConflictMarkers(text: string): boolean {
  const start = text.search(/^<{7}(?: |$)/m);
  if (start === -1) return false;
  const separator = text.slice(start).search(/^={7}$/m);
  return separator !== -1 && /^>{7}(?: |$)/m.test(text.slice(start + separator));
}
