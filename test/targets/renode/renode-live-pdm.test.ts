/**
 * The pdm audio path on a real Renode: the nRF52840 records each clip from
 * Renode's NRF52840_PDM model. Skipped without Renode (renode-live-kit.ts).
 * The KWS half takes one clip per class: over the microphone each clip is a
 * second of sampling in virtual time (all 48 ran past tap's per-file limit).
 */
import t from 'tap';
import { buildSelftest, pdmSelftest } from './renode-cases.js';
import { kwsClips, live, platform, runKws, sameResults } from './renode-live-kit.js';

const logDir = t.testdirName;

t.test('pdm: the nRF52840 records each clip from its PDM microphone model', live, async (t) => {
  const p = await platform('nrf52840');
  t.test('selftest: every sample recorded exactly (verified on the host), the model reset and fed per clip', async (t) => {
    const r = await pdmSelftest(t, p, await buildSelftest(p, logDir), 4);
    t.equal(r.outcome.targetSettings.microphone, 'sysbus.pdm');
  });
  t.test('KWS over the microphone predicts what QEMU predicts over the memory path, clip for clip', async (t) => {
    const clips = await kwsClips(1);
    const q = await runKws(t, logDir, 'qemu', await platform('mps2-an386'), clips, 'memory');
    const r = await runKws(t, logDir, 'renode', p, clips, 'pdm');
    sameResults(t, q, r, clips.length, 'QEMU memory path, Renode nrf52840 pdm path');
  });
});
