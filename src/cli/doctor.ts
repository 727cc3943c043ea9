/**
 * `hil doctor`: each external tool, found or not, its version, and the command
 * that installs it; then each target kind, ready or not (the tools it needs).
 * A bench machine needs no emulator: only the build tools are required, and
 * `--target <kind>` also requires what that kind needs.
 */
import { probeTool, TOOLS, type ToolStatus } from '../proc/tools.js';
import { EXIT } from '../metrics/index.js';
import { KINDS, targetKind } from '../targets/registry.js';

export async function doctor(out: (s: string) => void, opts: { target?: string } = {}): Promise<number> {
  const rows = await Promise.all(TOOLS.map(probeTool));
  const found = new Map<string, ToolStatus>(rows.map((r) => [r.spec.name, r]));
  let missingRequired = 0;
  const w = Math.max(...TOOLS.map((t) => t.name.length));
  for (const r of rows) {
    const name = r.spec.name.padEnd(w);
    if (r.path) out(`ok       ${name}  ${r.version ?? '?'}  ${r.path}  (${r.spec.usedFor})\n`);
    else {
      if (r.spec.required) missingRequired++;
      out(`${r.spec.required ? 'MISSING' : 'missing'}  ${name}  needed for ${r.spec.usedFor}; install: ${r.spec.install}\n`);
    }
  }
  out('\ntarget kinds:\n');
  const kw = Math.max(...KINDS.map((k) => k.name.length));
  const notReady = new Map<string, string>();
  for (const k of KINDS) {
    const missing = k.tools.filter((t) => !found.get(t)?.path);
    const why = missing.length ? `${missing.join(', ')} missing` : k.unavailable?.();
    if (why) notReady.set(k.name, why);
    out(`  ${k.name.padEnd(kw)}  ${why ? `not ready: ${why}` : 'ready'}  (cycles: ${k.cycles})\n`);
  }
  const want = opts.target ? targetKind(opts.target).name : undefined;
  const wantMissing = want ? notReady.get(want) : undefined;
  if (missingRequired) out(`\n${missingRequired} required tool(s) missing: \`bash scripts/setup.sh\` installs everything.\n`);
  else if (wantMissing) out(`\nthe ${want} target is not ready: ${wantMissing}.\n`);
  else out(`\nall required tools found${want ? `; the ${want} target is ready` : ''}.\n`);
  return missingRequired || wantMissing ? EXIT.INFRA : EXIT.PASS;
}
