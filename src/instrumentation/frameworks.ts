/**
 * The framework instrumentations docgen knows, and how a loaded module file is matched to one:
 * by the package's own name and the file's path inside the package.
 */
import { basename, relative, sep } from 'node:path';
import { expressInstrumentation } from '../adapters/express/index.js';
import { packageOf, type PackageInfo } from '../loading/package-info.js';
import type { Instrumentation } from './contract.js';

export const INSTRUMENTATIONS: readonly Instrumentation[] = [expressInstrumentation];

// A cheap filter before any package.json is read: only these file names can match.
const CANDIDATE_NAMES = new Set(INSTRUMENTATIONS.flatMap((i) => i.files.map((f) => f.split('/').pop()!)));

export interface ModuleMatch {
  readonly instrumentation: Instrumentation;
  readonly file: string;
  readonly pkg: PackageInfo;
}

export function matchModule(filename: string): ModuleMatch | undefined {
  if (!CANDIDATE_NAMES.has(basename(filename))) return undefined;
  const pkg = packageOf(filename);
  if (!pkg?.name) return undefined;
  const file = relative(pkg.root, filename).split(sep).join('/');
  const instrumentation = INSTRUMENTATIONS.find((i) => i.packageName === pkg.name && i.files.includes(file));
  return instrumentation ? { instrumentation, file, pkg } : undefined;
}
