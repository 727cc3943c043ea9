/** `hil validate`: everything `hil run` checks before it runs, and nothing more. */
import { EXIT } from '../metrics/index.js';
import { InputError, prepareScenario } from '../runner/prepare.js';
import { ConfigError } from '../config/index.js';

export async function validate(files: string[], out: (s: string) => void): Promise<number> {
  let code: number = EXIT.PASS;
  for (const f of files) {
    try {
      const runs = await prepareScenario(f, {});
      const p = runs[0]!;
      const labelled = p.clips.filter((c) => c.label !== undefined).length;
      const matrix = runs.length > 1 ? `; matrix of ${runs.length} runs: ${runs.map((r) => r.loaded.scenario.name).join(', ')}` : '';
      out(`ok ${f}: platform ${p.loaded.platform.name}, ${p.clips.length} clips (${labelled} labelled), ${p.loaded.scenario.labels.length} labels${matrix}\n`);
    } catch (e) {
      if (!(e instanceof ConfigError) && !(e instanceof InputError)) throw e;
      out(`${(e as Error).message}\n`);
      code = EXIT.BAD_INPUT;
    }
  }
  return code;
}

