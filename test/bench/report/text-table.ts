/** Renders rows as a fixed-width text table (first row is the header); numbers are right-aligned. */
export const textTable = (rows: readonly (readonly string[])[]): string => {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  const numeric = (cell: string) => /^[-+]?[0-9][0-9.,]*\s?[a-zA-Z/%×]*$/.test(cell);
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (numeric(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const [header, ...body] = rows;
  if (!header) return '';
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
};

/** A Markdown table (first row is the header). */
export const markdownTable = (
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
): string => {
  const [header, ...body] = rows;
  if (!header) return '';
  const escapeCell = (cell: string) => cell.replaceAll('|', '\\|');
  return [
    `| ${header.map(escapeCell).join(' | ')} |`,
    `| ${header.map((_, i) => (rightAligned.includes(i) ? '---:' : '---')).join(' | ')} |`,
    ...body.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
};
