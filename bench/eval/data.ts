import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';

/**
 * The public data sets live in ../shared/data beside the checkout (see its READMEs); nothing of them
 * is copied here. KAIWA_SHARED_DATA points elsewhere (a clone in another folder).
 */
export const sharedData = process.env.KAIWA_SHARED_DATA
  ? pathToFileURL(`${process.env.KAIWA_SHARED_DATA.replace(/\/+$/, '')}/`)
  : new URL('../../../shared/data/', import.meta.url);

export interface Judgements {
  /** product_uid → title. */
  titles: Map<string, string>;
  /** search_term → product_uid → relevance (1..3). */
  judged: Map<string, Map<string, number>>;
}

/** Home Depot `train.csv`, read as Latin-1 as the protocol says. */
export function readHomeDepot(file: string | URL): Judgements {
  const rows = parse(readFileSync(file, 'latin1'), { columns: true }) as Record<string, string>[];
  const titles = new Map<string, string>();
  const judged = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const uid = row.product_uid!;
    if (!titles.has(uid)) titles.set(uid, row.product_title!);
    const query = row.search_term!;
    const judgements = judged.get(query) ?? new Map<string, number>();
    judgements.set(uid, Number(row.relevance));
    judged.set(query, judgements);
  }
  return { titles, judged };
}

export interface Routing {
  /** intent → its utterances in file order. */
  byIntent: Map<string, string[]>;
  outOfScope: string[];
}

/** Bitext customer-support utterances by intent, and BANKING77 test texts as out-of-scope questions. */
export function readRouting(bitext: string | URL, banking: string | URL): Routing {
  const byIntent = new Map<string, string[]>();
  for (const row of parse(readFileSync(bitext, 'utf8'), { columns: true }) as Record<string, string>[])
    byIntent.set(row.intent!, [...(byIntent.get(row.intent!) ?? []), row.instruction!]);
  const outOfScope = (parse(readFileSync(banking, 'utf8'), { columns: true }) as Record<string, string>[]).map(
    (row) => row.text ?? '',
  );
  return { byIntent, outOfScope };
}
