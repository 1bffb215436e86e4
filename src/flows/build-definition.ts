import { createHash } from 'node:crypto';
import type { LocalizedText, SourceIssue, SourcePos } from '../core/index.js';
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
import type { FlowFileTransition } from './schema.js';
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

/** Merges parsed files into one definition, collecting every semantic problem. */
export function buildDefinition(
  files: readonly ParsedFlowFile[],
  options: BuildOptions,
): { definition?: FlowDefinition; issues: SourceIssue[] } {
  const issues: SourceIssue[] = [];
  const states: Record<string, StateDef> = {};
  const intents: Record<string, IntentDef> = {};
  const on: Record<string, TransitionDef[]> = {};
  const fallback: LocalizedText[] = [];
  const declared: { id?: { value: string; pos: SourcePos }; initial?: { value: string; pos: SourcePos } } = {};
  const pending: (() => void)[] = [];

  for (const { yaml, flow } of files) {
    const report = (path: Path, message: string, key = false) => issues.push({ pos: yaml.pos(path, { key }), message });
    const localized = (value: string | Record<string, string>, path: Path): LocalizedText => {
      const text =
        typeof value === 'string' ? Object.fromEntries(options.locales.map((locale) => [locale, value])) : value;
      for (const locale of options.locales)
        if (!(locale in text))
          report(path, `missing "${locale}" text (the shop's locales are ${options.locales.join(', ')})`);
      for (const [locale, template] of Object.entries(text))
        for (const problem of checkTemplate(template))
          report(typeof value === 'string' ? path : [...path, locale], problem);
      return text;
    };
    const list = <T>(value: T | T[] | undefined): T[] =>
      value === undefined ? [] : Array.isArray(value) ? value : [value];

    for (const field of ['id', 'initial'] as const) {
      const value = flow[field];
      if (value === undefined) continue;
      const earlier = declared[field];
      if (earlier)
        report(
          [field],
          `${field} is already declared at ${earlier.pos.file}:${earlier.pos.line}; declare it in one file only`,
          true,
        );
      else declared[field] = { value, pos: yaml.pos([field]) };
    }
    for (const [name, intent] of Object.entries(flow.intents ?? {})) {
      const pos = yaml.pos(['intents', name], { key: true });
      if (intents[name]) {
        report(
          ['intents', name],
          `duplicate intent "${name}" (first defined at ${intents[name].pos.file}:${intents[name].pos.line})`,
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
            report(
              ['intents', name, 'patterns', locale, index],
              `invalid regular expression: ${(error as Error).message}`,
            );
            return [];
          }
        });
      }
      if (!intent.keywords && !intent.patterns)
        report(['intents', name], `intent "${name}" needs keywords or patterns`, true);
      intents[name] = { name, pos, keywords: intent.keywords ?? {}, patterns };
    }
    const transitions = (value: FlowFileTransition, path: Path): TransitionDef[] =>
      (typeof value === 'string' ? [{ target: value }] : Array.isArray(value) ? value : [value]).map((item, index) => ({
        ...item,
        pos: yaml.pos(typeof value === 'string' || !Array.isArray(value) ? path : [...path, index]),
      }));
    for (const [event, value] of Object.entries(flow.on ?? {})) {
      if (on[event])
        report(
          ['on', event],
          `"${event}" is already routed at ${on[event][0]?.pos.file}:${on[event][0]?.pos.line}`,
          true,
        );
      else on[event] = transitions(value, ['on', event]);
    }
    fallback.push(
      ...list(flow.fallback?.say).map((text, index) =>
        localized(text, ['fallback', 'say', ...(Array.isArray(flow.fallback?.say) ? [index] : [])]),
      ),
    );

    for (const [name, state] of Object.entries(flow.states ?? {})) {
      const base: Path = ['states', name];
      const pos = yaml.pos(base, { key: true });
      if (states[name]) {
        report(
          base,
          `duplicate state "${name}" (first defined at ${states[name].pos.file}:${states[name].pos.line})`,
          true,
        );
        continue;
      }
      const say = list(state.say).map((text, index) =>
        localized(text, [...base, 'say', ...(Array.isArray(state.say) ? [index] : [])]),
      );
      const choices: ChoiceDef[] = (state.choices ?? []).flatMap((choice, index): ChoiceDef[] => {
        const path = [...base, 'choices', index];
        const kinds = (['goto', 'do', 'intent'] as const).filter((kind) => choice[kind] !== undefined);
        if (kinds.length !== 1) {
          report(
            path,
            `a choice needs exactly one of goto, do or intent${kinds.length ? ` (found ${kinds.join(' and ')})` : ''}`,
          );
          return [];
        }
        const kind = kinds[0] ?? 'goto';
        return [
          {
            label: localized(choice.label, [...path, 'label']),
            kind,
            value: choice[kind] ?? '',
            arg: choice.arg,
            pos: yaml.pos([...path, kind]),
          },
        ];
      });
      if (choices.length > 0 && say.length === 0)
        report([...base, 'choices'], 'choices need a message to sit under: add `say:` to this state', true);
      states[name] = {
        name,
        pos,
        description: state.description,
        actions: list(state.do),
        with: state.with ?? {},
        say,
        choices,
        on: Object.fromEntries(
          Object.entries(state.on ?? {}).map(([event, value]) => [event, transitions(value, [...base, 'on', event])]),
        ),
        next: state.next === undefined ? undefined : { target: state.next, pos: yaml.pos([...base, 'next']) },
        onError:
          state.onError === undefined ? undefined : { target: state.onError, pos: yaml.pos([...base, 'onError']) },
      };
      pending.push(() => {
        list(state.do).forEach((action, index) => {
          if (!options.actions.includes(action)) {
            report(
              [...base, 'do', ...(Array.isArray(state.do) ? [index] : [])],
              `unknown action "${action}"${didYouMean(action, options.actions)}; actions are ${options.actions.join(', ')}`,
            );
          }
        });
      });
    }
  }

  const firstFile = files[0]?.yaml.file ?? 'flows';
  const nowhere = { file: firstFile, line: 1, column: 1 };
  if (!declared.initial)
    issues.push({ pos: nowhere, message: 'no flow file declares `initial:` (the state a conversation starts in)' });
  else if (!states[declared.initial.value])
    issues.push({
      pos: declared.initial.pos,
      message: `unknown state "${declared.initial.value}"${didYouMean(declared.initial.value, Object.keys(states))}`,
    });
  for (const check of pending) check();

  const stateNames = Object.keys(states);
  const events = [...Object.keys(intents), ...Object.keys(builtInEvents), ...options.actions];
  const checkTarget = (transition: TransitionDef) => {
    if (!states[transition.target])
      issues.push({
        pos: transition.pos,
        message: `unknown state "${transition.target}"${didYouMean(transition.target, stateNames)}`,
      });
    if (transition.guard !== undefined && !options.guards.includes(transition.guard)) {
      issues.push({
        pos: transition.pos,
        message: `unknown guard "${transition.guard}"${didYouMean(transition.guard, options.guards)}; guards are ${options.guards.join(', ')}`,
      });
    }
  };
  const checkEvents = (routes: Record<string, TransitionDef[]>) => {
    for (const [event, list] of Object.entries(routes)) {
      if (!events.includes(event))
        issues.push({
          pos: list[0]?.pos ?? nowhere,
          message: `unknown event or intent "${event}"${didYouMean(event, events)}; define it under intents:`,
        });
      list.forEach(checkTarget);
    }
  };
  checkEvents(on);
  // A button may not lead where only a verified payment may: a forged payload would claim one.
  const paymentOnly = new Map<string, string>();
  for (const routes of [on, ...Object.values(states).map((state) => state.on)]) {
    for (const event of paymentEvents)
      for (const transition of routes[event] ?? []) paymentOnly.set(transition.target, event);
  }
  for (const state of Object.values(states)) {
    checkEvents(state.on);
    if (state.next) checkTarget(state.next);
    if (state.onError) checkTarget(state.onError);
    for (const choice of state.choices) {
      if (choice.kind === 'goto' && !states[choice.value])
        issues.push({
          pos: choice.pos,
          message: `unknown state "${choice.value}"${didYouMean(choice.value, stateNames)}`,
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
      if (choice.kind === 'intent' && !intents[choice.value])
        issues.push({
          pos: choice.pos,
          message: `unknown intent "${choice.value}"${didYouMean(choice.value, Object.keys(intents))}`,
        });
    }
  }
  if (issues.length > 0 || !declared.initial) return { issues };

  const body = {
    id: declared.id?.value ?? 'main',
    initial: declared.initial.value,
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
  return { definition: { ...body, files: files.map((file) => file.yaml.file), hash }, issues };
}
