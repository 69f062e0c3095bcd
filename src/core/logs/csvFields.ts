/** Splitting one CSV/TSV line into fields, with RFC 4180 quoting ("a ""b""", c). */

export interface SplitFields {
  fields: string[];
  /** A quoted field ran to the end of the line (a quoted line break is not supported). */
  unterminated: boolean;
}

export function splitFields(line: string, delimiter: string): SplitFields {
  const fields: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  let unterminated = false;
  while (i <= line.length) {
    if (i === line.length) {
      fields.push(field);
      break;
    }
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += ch;
      }
      i++;
      if (quoted && i === line.length) unterminated = true;
      continue;
    }
    if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else {
      field += ch;
    }
    i++;
  }
  if (quoted) unterminated = true;
  return { fields, unterminated };
}

/** The delimiter of a header line: the most frequent of tab, comma and semicolon outside quotes (comma on ties). */
export function sniffDelimiter(header: string): string {
  const counts = new Map<string, number>([[',', 0], ['\t', 0], [';', 0]]);
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}
