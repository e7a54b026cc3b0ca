// Finds the Chromium that the HTML browser test drives (Debian's, /usr/bin/chromium), installing
// it with apt-get when it is missing and we are root on a Debian-like system.
//   node scripts/chromium.js      prints the path, or exits 1 saying how to install Chromium
//   import { ensureChromium } from '../scripts/chromium.js'
// CHROMIUM_PATH, when set, names another Chromium or Chrome binary to use instead.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const INSTALL = ['install', '-y', '--no-install-recommends', 'chromium'];

/** @returns {Promise<string>} the path of an executable Chromium */
export async function ensureChromium() {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (executable(override)) return override;
    throw new Error(`CHROMIUM_PATH is ${override}, which is not an executable file`);
  }
  if (executable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;

  const aptGet = findAptGet();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !aptGet) {
    throw new Error(
      `Chromium is not installed (no ${DEBIAN_CHROMIUM}). On Debian or Ubuntu install it with\n` +
        `  sudo apt-get install -y --no-install-recommends chromium\n` +
        `or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    );
  }
  // The package lists may be missing or stale (a fresh container): update only if needed.
  if (!apt(aptGet, INSTALL)) {
    if (!apt(aptGet, ['update'])) throw new Error('apt-get update failed; see its output above');
    if (!apt(aptGet, INSTALL)) throw new Error('apt-get install chromium failed; see its output above');
  }
  if (executable(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  throw new Error(`apt-get installed chromium but ${DEBIAN_CHROMIUM} is still missing`);
}

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findAptGet() {
  for (const path of ['/usr/bin/apt-get', '/bin/apt-get']) if (executable(path)) return path;
  return undefined;
}

/** Runs apt-get with its output on stderr, so stdout keeps only the path we print. */
function apt(aptGet, args) {
  process.stderr.write(`$ apt-get ${args.join(' ')}\n`);
  const result = spawnSync(aptGet, args, {
    stdio: ['ignore', 2, 2],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  ensureChromium().then(
    (path) => process.stdout.write(`${path}\n`),
    (error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
