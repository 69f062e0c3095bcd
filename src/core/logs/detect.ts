import { splitFields, sniffDelimiter } from './csvFields';
import type { LogFormat } from './types';

export { createReader, registerReader } from './readerRegistry';

/**
 * The format of a log from its file name and its first bytes (`head`, any length; a few KiB is plenty), or
 * null when it is not a log this extension reads.
 */
export function detectFormat(fileName: string, head: Uint8Array): LogFormat | null {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const lowerName = base.toLowerCase();
  if (/^events\.out\.tfevents\./.test(base)) return 'tfevents';
  if (lowerName === 'trainer_state.json') return 'trainer-state';
  if (lowerName.endsWith('.jsonl') || lowerName.endsWith('.ndjson')) return 'jsonl';
  if (head.indexOf(0) >= 0) return null;
  const text = firstLine(head);
  if (lowerName.endsWith('.csv') || lowerName.endsWith('.tsv')) return csvFlavour(lowerName, text);
  if (lowerName.endsWith('.json') && /"log_history"/.test(new TextDecoder().decode(head))) return 'trainer-state';
  if (text.trimStart().startsWith('{')) return 'jsonl';
  return null;
}

function csvFlavour(lowerName: string, header: string): LogFormat {
  const names = splitFields(header, sniffDelimiter(header)).fields.map((name) => name.trim().toLowerCase());
  if (lowerName === 'metrics.csv' && names.includes('step')) return 'lightning-csv';
  if (names[0] === 'epoch') return 'keras-csv';
  return 'csv';
}

/** The first non-blank line of `head`, without its line end and a leading BOM. */
function firstLine(head: Uint8Array): string {
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  for (const line of text.split('\n')) {
    if (line.trim() !== '') return line.replace(/\r$/, '');
  }
  return '';
}
