// Derives a WASI WIT tree for an older 0.2.x version from the 0.2.12 WIT files that jco ships.
//
//   node make-wit.mjs VERSION OUTDIR [ROOT]
//
// Every package of node_modules/@bytecodealliance/jco/lib/wit/builtin/0.2.12 is copied with
// "@0.2.12" replaced by "@VERSION" and every @unstable gate removed, so that the gated items
// become plain (stable) items: componentize-js 0.22 merges the guest WIT into its engine world,
// which has those items (e.g. wasi:sockets/network uses wasi:io/error), and fails when they are
// missing. The one exception is response-outparam.send-informational, removed with its gate: a
// component importing it links nowhere.
// ROOT (e.g. "wasi-http") becomes OUTDIR/package.wit, the root package; every other package goes
// to OUTDIR/deps/NAME/package.wit. Without ROOT all packages go to deps/ and the caller supplies
// the root package. OUTDIR is recreated.
import { readFileSync, writeFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [version, outDir, root] = process.argv.slice(2);
if (!version || !outDir || !/^0\.2\.\d+$/.test(version)) {
  console.error('usage: node make-wit.mjs 0.2.N OUTDIR [ROOT-PACKAGE-DIR]');
  process.exit(2);
}
const here = dirname(fileURLToPath(import.meta.url));
const src = join(here, '..', 'node_modules', '@bytecodealliance', 'jco', 'lib', 'wit', 'builtin', '0.2.12');

function stripUnstable(text) {
  // drop the item after a gate only when it is send-informational; otherwise drop the gate alone
  const lines = text.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t.startsWith('@unstable')) { out.push(lines[i]); continue; }
    // gate on its own line: the item starts on the next line; else it follows on this line
    let rest = t.replace(/^@unstable\s*\([^)]*\)\s*/, '');
    let j = i;
    if (rest === '') { j = i + 1; rest = lines[j].trim(); }
    if (!rest.startsWith("send-informational")) { if (j === i) out.push(lines[i].replace(/@unstable\s*\([^)]*\)\s*/, "")); else out.push(lines[j]); i = j; continue; }
    let depth = 0;
    for (;;) {
      for (const c of rest) {
        if (c === '{' || c === '(') depth++;
        else if (c === '}' || c === ')') depth--;
      }
      if (depth === 0 && /[;}],?$/.test(rest)) break;
      j++;
      if (j >= lines.length) throw new Error('unterminated @unstable item at line ' + (i + 1));
      rest = lines[j].trim();
    }
    i = j;
  }
  return out.join('\n');
}

rmSync(outDir, { recursive: true, force: true });
for (const pkg of readdirSync(src)) {
  let text = readFileSync(join(src, pkg, 'package.wit'), 'utf8').replaceAll('@0.2.12', '@' + version);
  text = stripUnstable(text);
  if (/@unstable|send-informational/.test(text)) throw new Error('left an unstable item in ' + pkg);
  const dir = pkg === root ? outDir : join(outDir, 'deps', pkg);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.wit'), text);
}
if (root && !readdirSync(src).includes(root)) throw new Error('no package ' + root);
