import { createHash } from 'node:crypto';
import { keywordSpellings } from '../catalog/text/spelling.js';
import type { LocalizedText, SourceIssue, SourcePos } from '../core/index.js';
import type { PositionedYaml } from '../shop/yaml.js';
import {
  builtInEvents,
  paymentEvents,
  type ChoiceDef,
  type FlowDefinition,
  type IntentDef,
  type StateDef,
  type TransitionDef,
} from './definition.js';
import { checkTemplate } from './interpolate.js';
import type { ParsedFlowFile } from './read-flow-file.js';
import type { FlowFile, FlowFileChoice, FlowFileState, FlowFileTransition } from './schema.js';
import { didYouMean } from './suggest.js';

export interface BuildOptions {
  /** The shop's locales; every text must exist in each. */
  locales: readonly string[];
  /** Built-in and registered custom action names. */
  actions: readonly string[];
  /** Built-in and registered custom guard names. */
  guards: readonly string[];
}

type Path = (string | number)[];
type Text = string | Record<string, string>;

interface Declaration {
  value: string;
  pos: SourcePos;
}

/** What the files declare, merged: the first declaration of each name wins. */
interface Merged {
  states: Record<string, StateDef>;
  intents: Record<string, IntentDef>;
  on: Record<string, TransitionDef[]>;
  fallback: LocalizedText[];
  declared: { id?: Declaration; initial?: Declaration };
}

/** Reads the values of one file, reporting its problems at their file:line:col. */
interface FileReader {
  yaml: PositionedYaml;
  report: (path: Path, message: string, key?: boolean) => void;
  /** A text in every locale (a plain string stands for all of them), its templates checked. */
  localized: (value: Text, path: Path) => LocalizedText;
  transitions: (value: FlowFileTransition, path: Path) => TransitionDef[];
}

/** An action a state's `do:` names, checked once every file is read. */
interface ActionRef {
  action: string;
  path: Path;
  reader: FileReader;
}

/** Where the cross-file checks look names up, and where they report. */
interface Checker {
  merged: Merged;
  options: BuildOptions;
  issues: SourceIssue[];
  /** For a problem with no place of its own: the first file's first line. */
  nowhere: SourcePos;
}

/** Merges parsed files into one definition, collecting every semantic problem. */
export function buildDefinition(
  files: readonly ParsedFlowFile[],
  options: BuildOptions,
): { definition?: FlowDefinition; issues: SourceIssue[] } {
  const issues: SourceIssue[] = [];
  const merged: Merged = { states: {}, intents: {}, on: {}, fallback: [], declared: {} };
  const actionRefs: ActionRef[] = [];

  for (const { yaml, flow } of files) {
    const reader = fileReader(yaml, options.locales, issues);
    readDeclarations(flow, reader, merged.declared);
    readIntents(flow.intents ?? {}, reader, merged.intents);
    readRoutes(flow.on ?? {}, reader, merged.on);
    merged.fallback.push(...localizedList(flow.fallback?.say, ['fallback', 'say'], reader));
    actionRefs.push(...readStates(flow.states ?? {}, reader, merged.states));
  }

  const checker: Checker = {
    merged,
    options,
    issues,
    nowhere: { file: files[0]?.yaml.file ?? 'flows', line: 1, column: 1 },
  };
  checkInitial(checker);
  for (const ref of actionRefs) checkAction(ref, options.actions);
  checkReferences(checker);
  if (issues.length > 0 || !merged.declared.initial) return { issues };
  return { definition: finishDefinition(merged, merged.declared.initial.value, files, options), issues };
}

function fileReader(yaml: PositionedYaml, locales: readonly string[], issues: SourceIssue[]): FileReader {
  const report = (path: Path, message: string, key = false): void => {
    issues.push({ pos: yaml.pos(path, { key }), message });
  };
  const localized = (value: Text, path: Path): LocalizedText => {
    const text = typeof value === 'string' ? Object.fromEntries(locales.map((locale) => [locale, value])) : value;
    for (const locale of locales)
      if (!(locale in text)) report(path, `missing "${locale}" text (the shop's locales are ${locales.join(', ')})`);
    for (const [locale, template] of Object.entries(text))
      for (const problem of checkTemplate(template))
        report(typeof value === 'string' ? path : [...path, locale], problem);
    return text;
  };
  const transitions = (value: FlowFileTransition, path: Path): TransitionDef[] =>
    (typeof value === 'string' ? [{ target: value }] : Array.isArray(value) ? value : [value]).map((item, index) => ({
      ...item,
      pos: yaml.pos(itemPath(path, value, index)),
    }));
  return { yaml, report, localized, transitions };
}

/** A field that holds one value or a list of them, as a list. */
const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The path of the index-th item of a field that holds one value or a list of them. */
const itemPath = (path: Path, value: unknown, index: number): Path => (Array.isArray(value) ? [...path, index] : path);

/** The texts of a `say:` that holds one text or a list of them. */
function localizedList(value: Text | Text[] | undefined, path: Path, reader: FileReader): LocalizedText[] {
  return list(value).map((text, index) => reader.localized(text, itemPath(path, value, index)));
}

/** `id:` and `initial:`, each declared in one file only. */
function readDeclarations(flow: FlowFile, reader: FileReader, declared: Merged['declared']): void {
  for (const field of ['id', 'initial'] as const) {
    const value = flow[field];
    if (value === undefined) continue;
    const earlier = declared[field];
    if (earlier)
      reader.report(
        [field],
        `${field} is already declared at ${earlier.pos.file}:${earlier.pos.line}; declare it in one file only`,
        true,
      );
    else declared[field] = { value, pos: reader.yaml.pos([field]) };
  }
}

/** The file's intents, their patterns compiled; a duplicate name is reported and skipped. */
function readIntents(
  fileIntents: NonNullable<FlowFile['intents']>,
  reader: FileReader,
  intents: Record<string, IntentDef>,
): void {
  for (const [name, intent] of Object.entries(fileIntents)) {
    const pos = reader.yaml.pos(['intents', name], { key: true });
    const earlier = intents[name];
    if (earlier) {
      reader.report(
        ['intents', name],
        `duplicate intent "${name}" (first defined at ${earlier.pos.file}:${earlier.pos.line})`,
        true,
      );
      continue;
    }
    const patterns: Record<string, RegExp[]> = {};
    for (const [locale, sources] of Object.entries(intent.patterns ?? {})) {
      patterns[locale] = sources.flatMap((source, index) => {
        try {
          return [new RegExp(source, 'iu')];
        } catch (error) {
          reader.report(
            ['intents', name, 'patterns', locale, index],
            `invalid regular expression: ${(error as Error).message}`,
          );
          return [];
        }
      });
    }
    if (!intent.keywords && !intent.patterns)
      reader.report(['intents', name], `intent "${name}" needs keywords or patterns`, true);
    intents[name] = { name, pos, keywords: withSpellings(intent.keywords ?? {}), patterns };
  }
}

/**
 * Each locale's keywords as written, then their other spellings (オススメ for おすすめ, 急須 for
 * きゅうす; src/catalog/text/spelling.ts), so a keyword meets the shopper however it is spelt.
 */
function withSpellings(keywords: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(keywords).map(([locale, list]) => [
      locale,
      [...new Set([...list, ...list.flatMap((keyword) => keywordSpellings(keyword).slice(1))])],
    ]),
  );
}

/** The file's top-level `on:`; an event routed in another file already is reported. */
function readRoutes(
  fileOn: Record<string, FlowFileTransition>,
  reader: FileReader,
  on: Record<string, TransitionDef[]>,
): void {
  for (const [event, value] of Object.entries(fileOn)) {
    if (on[event])
      reader.report(
        ['on', event],
        `"${event}" is already routed at ${on[event][0]?.pos.file}:${on[event][0]?.pos.line}`,
        true,
      );
    else on[event] = reader.transitions(value, ['on', event]);
  }
}

/** The file's states; a duplicate name is reported and skipped. Returns the actions they name. */
function readStates(
  fileStates: Record<string, FlowFileState>,
  reader: FileReader,
  states: Record<string, StateDef>,
): ActionRef[] {
  const refs: ActionRef[] = [];
  for (const [name, state] of Object.entries(fileStates)) {
    const base: Path = ['states', name];
    const earlier = states[name];
    if (earlier) {
      reader.report(base, `duplicate state "${name}" (first defined at ${earlier.pos.file}:${earlier.pos.line})`, true);
      continue;
    }
    states[name] = readState(name, state, reader);
    refs.push(
      ...list(state.do).map((action, index) => ({ action, path: itemPath([...base, 'do'], state.do, index), reader })),
    );
  }
  return refs;
}

/** One state of a file as the definition holds it: its texts checked, its choices and transitions placed. */
function readState(name: string, state: FlowFileState, reader: FileReader): StateDef {
  const base: Path = ['states', name];
  const { yaml } = reader;
  const pos = yaml.pos(base, { key: true });
  const say = localizedList(state.say, [...base, 'say'], reader);
  const choices = (state.choices ?? []).flatMap((choice, index) =>
    readChoice(choice, [...base, 'choices', index], reader),
  );
  if (choices.length > 0 && say.length === 0)
    reader.report([...base, 'choices'], 'choices need a message to sit under: add `say:` to this state', true);
  return {
    name,
    pos,
    description: state.description,
    actions: list(state.do),
    with: state.with ?? {},
    say,
    choices,
    on: Object.fromEntries(
      Object.entries(state.on ?? {}).map(([event, value]) => [
        event,
        reader.transitions(value, [...base, 'on', event]),
      ]),
    ),
    next: state.next === undefined ? undefined : { target: state.next, pos: yaml.pos([...base, 'next']) },
    onError: state.onError === undefined ? undefined : { target: state.onError, pos: yaml.pos([...base, 'onError']) },
  };
}

/** A button: exactly one of goto, do or intent, or none at all (reported). */
function readChoice(choice: FlowFileChoice, path: Path, reader: FileReader): ChoiceDef[] {
  const kinds = (['goto', 'do', 'intent'] as const).filter((kind) => choice[kind] !== undefined);
  if (kinds.length !== 1) {
    reader.report(
      path,
      `a choice needs exactly one of goto, do or intent${kinds.length ? ` (found ${kinds.join(' and ')})` : ''}`,
    );
    return [];
  }
  const kind = kinds[0] ?? 'goto';
  return [
    {
      label: reader.localized(choice.label, [...path, 'label']),
      kind,
      value: choice[kind] ?? '',
      arg: choice.arg,
      pos: reader.yaml.pos([...path, kind]),
    },
  ];
}

function checkInitial({ merged: { declared, states }, issues, nowhere }: Checker): void {
  if (!declared.initial)
    issues.push({ pos: nowhere, message: 'no flow file declares `initial:` (the state a conversation starts in)' });
  else if (!states[declared.initial.value])
    issues.push({
      pos: declared.initial.pos,
      message: `unknown state "${declared.initial.value}"${didYouMean(declared.initial.value, Object.keys(states))}`,
    });
}

function checkAction({ action, path, reader }: ActionRef, actions: readonly string[]): void {
  if (!actions.includes(action))
    reader.report(path, `unknown action "${action}"${didYouMean(action, actions)}; actions are ${actions.join(', ')}`);
}

/** Checks what routes, transitions and choices name: events, states, guards, actions and intents. */
function checkReferences(checker: Checker): void {
  const { on, states } = checker.merged;
  checkRoutes(on, checker);
  const paymentOnly = paymentOnlyStates(checker.merged);
  for (const state of Object.values(states)) {
    checkRoutes(state.on, checker);
    if (state.next) checkTransition(state.next, checker);
    if (state.onError) checkTransition(state.onError, checker);
    for (const choice of state.choices) checkChoice(choice, paymentOnly, checker);
  }
}

function checkRoutes(routes: Record<string, TransitionDef[]>, checker: Checker): void {
  const { merged, options, issues, nowhere } = checker;
  const events = [...Object.keys(merged.intents), ...Object.keys(builtInEvents), ...options.actions];
  for (const [event, transitions] of Object.entries(routes)) {
    if (!events.includes(event))
      issues.push({
        pos: transitions[0]?.pos ?? nowhere,
        message: `unknown event or intent "${event}"${didYouMean(event, events)}; define it under intents:`,
      });
    for (const transition of transitions) checkTransition(transition, checker);
  }
}

function checkTransition(transition: TransitionDef, { merged: { states }, options, issues }: Checker): void {
  if (!states[transition.target])
    issues.push({
      pos: transition.pos,
      message: `unknown state "${transition.target}"${didYouMean(transition.target, Object.keys(states))}`,
    });
  if (transition.guard !== undefined && !options.guards.includes(transition.guard)) {
    issues.push({
      pos: transition.pos,
      message: `unknown guard "${transition.guard}"${didYouMean(transition.guard, options.guards)}; guards are ${options.guards.join(', ')}`,
    });
  }
}

/**
 * The states a payment event leads to, with that event. A button may not lead where only a
 * verified payment may: a forged payload would claim one.
 */
function paymentOnlyStates({ on, states }: Merged): Map<string, string> {
  const paymentOnly = new Map<string, string>();
  for (const routes of [on, ...Object.values(states).map((state) => state.on)]) {
    for (const event of paymentEvents)
      for (const transition of routes[event] ?? []) paymentOnly.set(transition.target, event);
  }
  return paymentOnly;
}

function checkChoice(choice: ChoiceDef, paymentOnly: Map<string, string>, checker: Checker): void {
  const { merged, options, issues } = checker;
  if (choice.kind === 'goto' && !merged.states[choice.value])
    issues.push({
      pos: choice.pos,
      message: `unknown state "${choice.value}"${didYouMean(choice.value, Object.keys(merged.states))}`,
    });
  const event = choice.kind === 'goto' ? paymentOnly.get(choice.value) : undefined;
  if (event)
    issues.push({
      pos: choice.pos,
      message: `state "${choice.value}" is entered by the ${event} event; a button cannot go there (anyone can forge a button press)`,
    });
  if (choice.kind === 'do' && !options.actions.includes(choice.value))
    issues.push({
      pos: choice.pos,
      message: `unknown action "${choice.value}"${didYouMean(choice.value, options.actions)}`,
    });
  if (choice.kind === 'intent' && !merged.intents[choice.value])
    issues.push({
      pos: choice.pos,
      message: `unknown intent "${choice.value}"${didYouMean(choice.value, Object.keys(merged.intents))}`,
    });
}

/** The definition of valid files, with the hash of everything but source positions. */
function finishDefinition(
  { states, intents, on, fallback, declared }: Merged,
  initial: string,
  files: readonly ParsedFlowFile[],
  options: BuildOptions,
): FlowDefinition {
  const body = {
    id: declared.id?.value ?? 'main',
    initial,
    locales: [...options.locales],
    states,
    intents,
    on,
    fallback,
  };
  const hash = createHash('sha256')
    .update(
      JSON.stringify(body, (key, value: unknown) =>
        key === 'pos' ? undefined : value instanceof RegExp ? value.source : value,
      ),
    )
    .digest('hex')
    .slice(0, 16);
  return { ...body, files: files.map((file) => file.yaml.file), hash };
}
