import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

/** semver comes with the dev tools (npm's own range rules); typed here for the one call we need. */
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

interface LockPackage {
  version?: string;
  engines?: { node?: string } | string[];
  hasInstallScript?: boolean;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, LockPackage>;
};
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  allowScripts?: Record<string, boolean>;
};
const nameOf = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 13);

// What `npm ci` warns about: EBADENGINE for every locked package whose engines.node refuses this
// Node, and install-scripts for every package with an install script that allowScripts does not
// mention. A clean install prints neither.
describe('a clean npm install is quiet', () => {
  it('every locked package accepts this Node (no EBADENGINE)', () => {
    const refused = Object.entries(lock.packages)
      .filter(([path, pkg]) => {
        const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
        return path !== '' && range !== undefined && !semver.satisfies(process.version, range);
      })
      .map(([path, pkg]) => `${path}@${pkg.version}`);
    expect(refused).toEqual([]);
  });

  it('every install script is decided in allowScripts (no install-scripts warning)', () => {
    const undecided = Object.entries(lock.packages)
      .filter(([path, pkg]) => pkg.hasInstallScript && path !== '')
      .map(([path]) => nameOf(path))
      .filter((name) => manifest.allowScripts?.[name] === undefined);
    expect(undecided).toEqual([]);
  });
});
