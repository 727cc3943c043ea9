/**
 * The compatibility policy (docs/protocol.md section 8), with the real C device:
 * a device built with HIL_TEST_FUTURE_TAGS adds what a newer device library
 * might (an unknown HELLO tag, an unknown RESULT tag, and an unknown reliable
 * frame before each RESULT), and this host, older than that device, must run it
 * exactly as a version 1 device: every clip verified, the additions ignored.
 * Also the codec level: unknown tags are skipped, known ones still decode, a
 * newer probe set is reported as unknown rather than misread, and a device with
 * another protocol version is refused, naming both versions.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/core/types.js';
import { evaluateProbe } from '../../src/harness/conformance.js';
import { checkHello } from '../../src/harness/handshake.js';
import { decodeHello, decodeResult, encodeHello, HelloTag, type Hello } from '../../src/protocol/messages.js';
import { decodeTlvs, encodeTlvs, tv } from '../../src/protocol/tlv.js';
import { ROOT, runCli, markedProcesses } from '../helpers/cli.js';

const HELLO: Hello = {
  protocol: 1, fwName: 'fw', fwVersion: '1', board: 'host', cpuHz: 1, labels: ['a', 'b'], maxPayload: 512, rxWindow: 4,
  cycleSource: 'host', regions: [], scoreScale: 1, maxClip: 0, audioPaths: 1,
};

t.test('an unknown HELLO tag is skipped wherever it sits; the known ones around it still decode', async (t) => {
  const known = decodeTlvs(encodeHello({ ...HELLO, probe: { set: 1, ran: 0x7fff, failed: 0 } }));
  for (const at of [0, 3, known.length]) {
    const tlvs = [...known.slice(0, at), tv.str(0x7f, 'from the future'), tv.u32(0xee, 7), ...known.slice(at)];
    const h = decodeHello(encodeTlvs(tlvs));
    t.same({ ...h }, { ...HELLO, probe: { set: 1, ran: 0x7fff, failed: 0 } }, `unknown tags at ${at}: the same HELLO`);
  }
});

t.test('an older device (no probe tag, no capabilities) decodes with both absent, and its probe reads as not run', async (t) => {
  const h = decodeHello(encodeHello(HELLO));
  t.equal(h.probe, undefined);
  t.equal(h.capabilities, undefined);
  t.same(evaluateProbe(h.probe, { name: 'qemu', version: '7.2.22' }, 'strict'), { status: 'not-run', mode: 'strict', emulator: { name: 'qemu', version: '7.2.22' }, checks: [] }, 'not run is not a failure, even when strict');
});

t.test('a newer probe set is reported as unknown, not read with this host\'s table', async (t) => {
  const h = decodeHello(encodeHello({ ...HELLO, probe: { set: 2, ran: 0xffff_ffff, failed: 1 } }));
  t.match(evaluateProbe(h.probe, undefined, 'strict'), { status: 'unknown', probeSet: 2, checks: [] });
});

t.test('a device with another protocol version is refused before any clip, both versions named', async (t) => {
  const expect = { labels: ['a', 'b'], platform: { name: 'host', clock_hz: 1 } as never, board: 'host' };
  t.doesNotThrow(() => checkHello(HELLO, expect));
  t.throws(() => checkHello({ ...HELLO, protocol: 2 }, expect), { name: 'HandshakeError', field: 'protocol', message: /the device speaks protocol version 2, this tinyhil speaks 1/ });
});

t.test('an unknown RESULT tag is skipped', async (t) => {
  const r = decodeResult(encodeTlvs([tv.u32(0x01, 9), tv.u32(0x7e, 0xfeedf00d), tv.u16(0x02, 1), tv.u8(0x0c, 0)]));
  t.equal(r.clipId, 9);
  t.equal(r.predicted, 1);
});

t.test('the real C device with HIL_TEST_FUTURE_TAGS: every clip verified, its additions ignored and logged', async (t) => {
  const dir = t.testdir({
    's.yaml': [
      'name: future', 'platform: mps2-an386', 'firmware: { app: selftest, variables: { DEFINES: HIL_TEST_FUTURE_TAGS } }', 'labels: [seg0, seg1, seg2, seg3]',
      `inputs: [{ folder: ${join(ROOT, 'scenarios', 'clips', 'selftest')} }]`, 'verify: selftest', 'target: { kind: host }', '',
    ].join('\n'),
  });
  const out = join(dir, 'out');
  const r = await runCli(['run', join(dir, 's.yaml'), '--limit', '4', '--out', out]);
  t.equal(r.code, 0, r.stdout + r.stderr);
  const rep = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
  t.same(rep.clips.map((c) => c.status), ['passed', 'passed', 'passed', 'passed'], 'every clip recomputed on the host and equal');
  const log = readFileSync(join(out, 'run.log'), 'utf8');
  t.equal(log.match(/ignored frame 0x7d/g)?.length, 4, 'the unknown frame type, once per clip, in the run log');
  t.match(log, /built .*DEFINES=HIL_TEST_FUTURE_TAGS/, 'the device really was the one with the additions');
  t.same(markedProcesses(r.marker), []);
});
