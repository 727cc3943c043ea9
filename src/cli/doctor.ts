/** `hil doctor`: each external tool, found or not, its version, and the command that installs it. */
import { probeTool, TOOLS } from '../proc/tools.js';
import { EXIT } from '../metrics/index.js';

export async function doctor(out: (s: string) => void): Promise<number> {
  const rows = await Promise.all(TOOLS.map(probeTool));
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
  out(missingRequired ? `\n${missingRequired} required tool(s) missing: \`bash scripts/setup.sh\` installs everything.\n` : '\nall required tools found.\n');
  return missingRequired ? EXIT.INFRA : EXIT.PASS;
}
