import path from 'node:path';
import type { Rule } from 'eslint';

/**
 * `layers/imports`: the folder layering of docs/ARCHITECTURE.md as a lint rule. Every import,
 * re-export, dynamic `import()` and `require()` of a file is checked against the zones whose `files`
 * contain that file. Relative targets are resolved to a repository path without extension (and without
 * a trailing `/index`); package targets are checked by their name (`zod`, `node:fs`, `electron`).
 *
 * In a zone, in this order:
 * - `typeOnly`: targets that may be imported only with `import type` / `export type`;
 * - `allow`: when given, the only targets allowed at all (everything else is reported);
 * - `deny`: targets never allowed, unless they also match `except`.
 *
 * `features` describes feature folders (`root`/X/…): a file in feature X reaches feature Y ≠ X only
 * through Y's `index` module (`root/Y` or `root/Y/index`).
 *
 * Globs are over repository paths: `*` is one path segment's characters, `**` any number of segments
 * (`a/**` matches `a` itself too), `{x,y}` alternatives.
 */
export interface LayerZone {
  files: string[];
  ignores?: string[];
  typeOnly?: string[];
  allow?: string[];
  deny?: string[];
  except?: string[];
  message: string;
}

export interface LayerOptions {
  /** The repository root (the folder of eslint.config.ts). */
  root: string;
  zones: LayerZone[];
  features?: { root: string; message: string };
}

const globCache = new Map<string, RegExp>();

/** Glob → anchored RegExp (see the rule's header for the syntax). */
export function globToRegExp(glob: string): RegExp {
  const cached = globCache.get(glob);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (glob.startsWith('/**', i)) {
      source += '(?:/.*)?';
      i += 2;
    } else if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) throw new Error(`layers/imports: unclosed "{" in glob ${glob}`);
      source += `(?:${glob
        .slice(i + 1, end)
        .split(',')
        .map((part) => part.replace(/[.+?^$()[\]\\|]/g, '\\$&').replace(/\*/g, '[^/]*'))
        .join('|')})`;
      i = end;
    } else {
      source += char.replace(/[.+?^$()[\]\\|]/g, '\\$&');
    }
  }
  const regExp = new RegExp(`^${source}$`);
  globCache.set(glob, regExp);
  return regExp;
}

const matchesAny = (value: string, globs: readonly string[] | undefined): boolean =>
  globs !== undefined && globs.some((glob) => globToRegExp(glob).test(value));

const toPosix = (value: string): string => value.split(path.sep).join('/');

/** A relative specifier as a repository path without extension or trailing `/index`; a package as its name. */
export function resolveTarget(root: string, fromFile: string, specifier: string): string {
  if (!specifier.startsWith('.') && !path.isAbsolute(specifier)) return specifier;
  const absolute = path.resolve(path.dirname(fromFile), specifier);
  return toPosix(path.relative(root, absolute))
    .replace(/\.(?:d\.ts|tsx?|jsx?|mjs|cjs|mts|cts)$/, '')
    .replace(/\/index$/, '');
}

type ImportNode = Rule.Node & { importKind?: string; exportKind?: string };

export const importLayersRule: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the folder layering: which zone may import which.' },
    schema: [{ type: 'object' }],
    messages: { layer: '{{message}} ({{target}})' },
  },
  create(context) {
    const options = context.options[0] as LayerOptions | undefined;
    if (!options) throw new Error('layers/imports needs its options (root, zones)');
    const file = toPosix(path.relative(options.root, context.filename));
    if (file.startsWith('..')) return {};
    const zones = options.zones.filter(
      (zone) => matchesAny(file, zone.files) && !matchesAny(file, zone.ignores),
    );
    const features = options.features;
    const ownFeature =
      features && file.startsWith(`${features.root}/`)
        ? file.slice(features.root.length + 1).split('/')
        : null;
    if (zones.length === 0 && !ownFeature) return {};

    function check(node: Rule.Node, specifier: unknown, typeOnly: boolean): void {
      if (typeof specifier !== 'string') return;
      const target = resolveTarget(options!.root, context.filename, specifier);
      const report = (message: string): void =>
        context.report({ node, messageId: 'layer', data: { message, target } });
      for (const zone of zones) {
        if (matchesAny(target, zone.typeOnly)) {
          if (!typeOnly) report(zone.message);
          continue;
        }
        if (zone.allow && !matchesAny(target, zone.allow)) report(zone.message);
        else if (matchesAny(target, zone.deny) && !matchesAny(target, zone.except)) report(zone.message);
      }
      if (features && ownFeature && ownFeature.length > 1 && target.startsWith(`${features.root}/`)) {
        const [feature, ...rest] = target.slice(features.root.length + 1).split('/');
        if (feature !== ownFeature[0] && rest.length > 0) report(features.message);
      }
    }

    const sourceOf = (node: { source?: { value?: unknown } | null | undefined }): unknown =>
      node.source?.value;
    return {
      ImportDeclaration(node) {
        check(node as Rule.Node, sourceOf(node), (node as ImportNode).importKind === 'type');
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node as Rule.Node, sourceOf(node), (node as ImportNode).exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node as Rule.Node, sourceOf(node), (node as ImportNode).exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node as Rule.Node, node.source.value, false);
      },
      CallExpression(node) {
        const [first] = node.arguments;
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          first?.type === 'Literal'
        ) {
          check(node as Rule.Node, first.value, false);
        }
      },
    };
  },
};

export const layersPlugin = { rules: { imports: importLayersRule } };
