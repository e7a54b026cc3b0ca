/** Which runtime docgen is in: the few places Deno and Node differ go through here. */
interface DenoGlobal {
  version: { deno: string };
  execPath(): string;
}

const deno = (globalThis as { Deno?: DenoGlobal }).Deno;

export const isDeno = deno !== undefined;

export const runtime = isDeno
  ? { name: 'deno', version: deno!.version.deno }
  : { name: 'nodejs', version: process.versions.node };

/** How to run a JavaScript file in a child process of this runtime. */
export function scriptCommand(file: string): { command: string; args: string[] } {
  return isDeno ? { command: deno!.execPath(), args: ['run', '-A', file] } : { command: process.execPath, args: [file] };
}
