import { readFile } from 'node:fs/promises';
import {
  SourceValidationError,
  type Locale,
  type LocalizedText,
  type SourceIssue,
  type SourcePos,
} from '../core/index.js';
import { field, fields, isMap, isScalar, isSeq, parseYamlWithPositions, type PositionedYaml } from '../shop/yaml.js';

/** One faq.yaml entry: paraphrases of one question per locale, and its answer per locale. */
export interface FaqEntry {
  id: string;
  questions: Readonly<Record<Locale, readonly string[]>>;
  answer: LocalizedText;
  pos: SourcePos;
}

/** A whole faq.yaml: the entries and, if the merchant set one, the answer threshold. */
export interface FaqFile {
  threshold?: number;
  entries: FaqEntry[];
}

/** Reads faq.yaml; throws SourceValidationError('config_invalid') listing every problem with file:line:col. */
export async function loadFaqFile(path: string, locales: readonly Locale[]): Promise<FaqEntry[]> {
  return (await loadFaq(path, locales)).entries;
}

/** Like loadFaqFile, and keeps the file's `threshold`. */
export async function loadFaq(path: string, locales: readonly Locale[]): Promise<FaqFile> {
  return parseFaq(path, await readFile(path, 'utf8'), locales);
}

/** Parses and checks faq.yaml text; `file` only labels positions. */
export function parseFaq(file: string, source: string, locales: readonly Locale[]): FaqFile {
  const yaml = parseYamlWithPositions(file, source);
  if (yaml.issues.length > 0) throw new SourceValidationError(yaml.issues, 'config_invalid');
  const issues: SourceIssue[] = [];
  const root = yaml.document.contents;
  const result: FaqFile = { entries: [] };
  const threshold = field(root, 'threshold').value;
  if (threshold !== undefined) {
    const value = isScalar(threshold) ? threshold.value : undefined;
    if (typeof value === 'number' && value > 0 && value <= 1) result.threshold = value;
    else
      issues.push({
        pos: yaml.posOf(threshold),
        message: 'threshold must be a number above 0 and at most 1, e.g. 0.35',
      });
  }
  const entries = field(root, 'entries').value;
  if (!isSeq(entries)) {
    issues.push({
      pos: yaml.posOf(entries ?? root),
      message: 'faq.yaml needs `entries:`, a list of { id, questions, answer }',
    });
    throw new SourceValidationError(issues, 'config_invalid');
  }
  const firstSeen = new Map<string, SourcePos>();
  for (const item of entries.items) {
    const entry = readEntry(yaml, item, locales, issues);
    if (!entry) continue;
    const earlier = firstSeen.get(entry.id);
    if (earlier)
      issues.push({ pos: entry.pos, message: `duplicate id "${entry.id}" (first used on line ${earlier.line})` });
    else firstSeen.set(entry.id, entry.pos);
    result.entries.push(entry);
  }
  if (issues.length > 0) throw new SourceValidationError(issues, 'config_invalid');
  return result;
}

function readEntry(
  yaml: PositionedYaml,
  item: unknown,
  locales: readonly Locale[],
  issues: SourceIssue[],
): FaqEntry | undefined {
  const pos = yaml.posOf(item);
  if (!isMap(item)) {
    issues.push({ pos, message: 'an FAQ entry is a map with id, questions and answer' });
    return undefined;
  }
  for (const { name, key } of fields(item)) {
    if (!['id', 'questions', 'answer'].includes(name))
      issues.push({ pos: yaml.posOf(key), message: `unknown field "${name}"; an entry has id, questions and answer` });
  }
  const idNode = field(item, 'id').value;
  const id = isScalar(idNode) && idNode.value !== null ? String(idNode.value).trim() : '';
  if (!id) issues.push({ pos: yaml.posOf(idNode, pos), message: 'entry has no id; add e.g. `id: shipping-fee`' });
  const label = id ? `entry "${id}"` : 'entry';
  const questions = readQuestions(yaml, field(item, 'questions').value, pos, label, locales, issues);
  const answer = readAnswer(yaml, field(item, 'answer').value, pos, label, locales, issues);
  return id ? { id, questions, answer, pos } : undefined;
}

function readQuestions(
  yaml: PositionedYaml,
  node: unknown,
  entryPos: SourcePos,
  label: string,
  locales: readonly Locale[],
  issues: SourceIssue[],
): Record<Locale, string[]> {
  const questions: Record<Locale, string[]> = {};
  if (!isMap(node)) {
    issues.push({
      pos: yaml.posOf(node, entryPos),
      message: `${label} needs questions per locale, e.g. questions: { ${locales.map((l) => `${l}: [...]`).join(', ')} }`,
    });
    return questions;
  }
  for (const { name, value } of fields(node)) {
    const list = isSeq(value) ? value.items : isScalar(value) ? [value] : [];
    const texts = list.flatMap((q) =>
      isScalar(q) && typeof q.value === 'string' && q.value.trim() ? [q.value.trim()] : [],
    );
    if (texts.length === 0)
      issues.push({
        pos: yaml.posOf(value, yaml.posOf(node)),
        message: `${label} has an empty question list for "${name}"`,
      });
    questions[name] = texts;
  }
  for (const locale of locales) {
    if (!(locale in questions))
      issues.push({
        pos: yaml.posOf(node),
        message: `${label} has no questions in "${locale}", one of the shop's locales`,
      });
  }
  return questions;
}

function readAnswer(
  yaml: PositionedYaml,
  node: unknown,
  entryPos: SourcePos,
  label: string,
  locales: readonly Locale[],
  issues: SourceIssue[],
): Record<Locale, string> {
  const answer: Record<Locale, string> = {};
  if (!isMap(node)) {
    issues.push({
      pos: yaml.posOf(node, entryPos),
      message: `${label} needs an answer per locale, e.g. answer: { ${locales.map((l) => `${l}: ...`).join(', ')} }`,
    });
    return answer;
  }
  for (const { name, value } of fields(node)) {
    if (isScalar(value) && typeof value.value === 'string' && value.value.trim()) answer[name] = value.value.trim();
  }
  for (const locale of locales) {
    if (!answer[locale])
      issues.push({
        pos: yaml.posOf(node),
        message: `${label} has no answer in "${locale}", one of the shop's locales`,
      });
  }
  return answer;
}
