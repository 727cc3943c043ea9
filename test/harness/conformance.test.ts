/**
 * The conformance probe read back: HELLOs recorded from the selftest firmware
 * on QEMU 7.2 and on live Renode 1.15.3 and 1.16.1 (fixtures/hello-*.json),
 * and one built with 1.15.3's failure bits, named check by check, each
 * failure explained by the known-bugs table for that emulator and version.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Conformance } from '../../src/core/types.js';
import { evaluateProbe, failedChecks, PROBE_SET_1 } from '../../src/harness/conformance.js';
import { KNOWN_BUGS, knownBug, versionBefore } from '../../src/harness/known-bugs.js';
import { decodeHello, encodeHello } from '../../src/protocol/messages.js';
import { conformanceLine } from '../../src/reporters/format.js';

const recorded = (name: string) => {
  const r = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8')) as { emulator: { name: string; version: string }; hello: string };
  return { emulator: r.emulator, hello: decodeHello(Buffer.from(r.hello, 'hex')) };
};
const failedIds = (c: Conformance) => failedChecks(c).map((x) => x.id);

const GE_1_15 = ['sadd16_ge', 'ssub16_ge', 'sadd8_ge', 'ssub8_ge', 'usub16_ge', 'usub8_ge', 'sasx_ge', 'ssax_ge', 'uasx_ge', 'usax_ge', 'mrs_apsr_ge', 'msr_apsr_g'];
const GE_1_16 = ['usub16_ge', 'sasx_ge', 'ssax_ge', 'uasx_ge', 'usax_ge', 'mrs_apsr_ge', 'msr_apsr_g'];

t.test('QEMU 7.2 (recorded HELLO): all 15 checks pass', async (t) => {
  const { emulator, hello } = recorded('hello-qemu-7.2-mps2-an386');
  t.same(hello.probe, { set: 1, ran: 0x7fff, failed: 0 });
  const c = evaluateProbe(hello.probe, emulator, 'warn');
  t.equal(c.status, 'passed');
  t.equal(c.checks.length, 15);
  t.ok(c.checks.every((x) => x.status === 'passed' && x.message === undefined));
  t.equal(conformanceLine(c), '15 of 15 checks passed on QEMU 7.2.22');
});

t.test('Renode 1.15.3 (recorded HELLO): the 12 GE checks fail, each a known bug, with its fix', async (t) => {
  const { emulator, hello } = recorded('hello-renode-1.15.3-stm32f4-discovery');
  const c = evaluateProbe(hello.probe, emulator, 'warn');
  t.equal(c.status, 'failed');
  t.same(failedIds(c), GE_1_15, 'the same 12 the instruction test found (its 13th, absm16, is the kernel, not a probe check)');
  const sadd = c.checks.find((x) => x.id === 'sadd16_ge')!;
  t.equal(sadd.message, "Renode 1.15.3 mis-executes SADD16's GE flags (known in Renode before 1.16.0; fixed in Renode 1.16.0); figures that depend on it are not the silicon's");
  t.match(sadd.known, { emulator: 'renode', affected: 'Renode before 1.16.0', upstream: /tlib 79469136/ });
  t.equal(c.checks.find((x) => x.id === 'sasx_ge')!.message, "Renode 1.15.3 mis-executes SASX's GE flags (known in Renode up to 1.16.1 at least; not fixed upstream yet); figures that depend on it are not the silicon's");
  t.ok(c.checks.filter((x) => x.status === 'failed').every((x) => x.known), 'every failure is a known bug');
  t.same(c.checks.filter((x) => x.status === 'passed').map((x) => x.id), ['q_flag', 'sdiv_zero', 'ssat16']);
  t.equal(conformanceLine(c), `12 of 15 checks failed on Renode 1.15.3: ${GE_1_15.join(', ')} (a warning: no status changes)`);
  // The same from a HELLO built with those bits: the probe is all the host reads.
  const built = decodeHello(encodeHello({ ...hello, probe: { set: 1, ran: 0x7fff, failed: 0x0fff } }));
  t.same(evaluateProbe(built.probe, emulator, 'warn'), c);
});

t.test('Renode 1.16.1 (recorded HELLO): the 7 still open fail; what 1.16.0 fixed passes', async (t) => {
  const { emulator, hello } = recorded('hello-renode-1.16.1-stm32f4-discovery');
  const c = evaluateProbe(hello.probe, emulator, 'strict');
  t.same(failedIds(c), GE_1_16);
  t.equal(c.mode, 'strict');
  t.match(conformanceLine(c), /^7 of 15 checks failed on Renode 1\.16\.1: .* \(strict: an infrastructure error\)$/);
  t.ok(c.checks.filter((x) => x.status === 'failed').every((x) => /not fixed upstream yet/.test(x.message!)));
});

t.test('a failure no table entry explains says so: a fixed bug back, another emulator, no version', async (t) => {
  const probe = { set: 1, ran: 0x7fff, failed: 1 }; // sadd16_ge
  const back = evaluateProbe(probe, { name: 'renode', title: 'Renode', version: '1.16.1' }, 'warn').checks[0]!;
  t.equal(back.known, undefined, 'fixed in 1.16.0: failing on 1.16.1 is new');
  t.match(back.message, /^Renode 1\.16\.1 mis-executes SADD16's GE flags \(APSR\.GE after SADD16 differs from the Arm architecture; not a known bug of this emulator/);
  t.equal(evaluateProbe(probe, { name: 'qemu', version: '7.2.22' }, 'warn').checks[0]!.known, undefined);
  t.match(evaluateProbe(probe, undefined, 'warn').checks[0]!.message, /^this target mis-executes SADD16's GE flags/);
  t.ok(evaluateProbe(probe, { name: 'renode' }, 'warn').checks[0]!.known, 'version unknown: the known bug may apply, and is named');
});

t.test('checks that did not run are skipped, not passed', async (t) => {
  const c = evaluateProbe({ set: 1, ran: 0x7fff & ~(1 << 13), failed: 0 }, undefined, 'warn');
  t.equal(c.checks.find((x) => x.id === 'sdiv_zero')!.status, 'skipped');
  t.equal(c.status, 'passed');
  t.equal(conformanceLine(c), '14 of 14 checks passed');
});

t.test('failedChecks: the failed checks only, in probe order; none without a probe', async (t) => {
  // sadd16_ge and sdiv_zero failed; ssat16 (bit 14) has its failure bit set but did not run.
  const c = evaluateProbe({ set: 1, ran: 0x7fff & ~(1 << 14), failed: 1 | (1 << 13) | (1 << 14) }, undefined, 'warn');
  t.same(failedChecks(c).map((x) => [x.id, x.status]), [['sadd16_ge', 'failed'], ['sdiv_zero', 'failed']]);
  t.same(failedChecks(evaluateProbe({ set: 1, ran: 0x7fff, failed: 0 }, undefined, 'warn')), []);
  t.same(failedChecks(evaluateProbe(undefined, undefined, 'warn')), [], 'not run');
  t.same(failedChecks(undefined), [], 'no conformance in the report');
});

t.test('the known-bugs table names only checks of the probe, and versions compare by number', async (t) => {
  const ids = new Set(PROBE_SET_1.map((c) => c.id));
  t.same(KNOWN_BUGS.filter((b) => !ids.has(b.check)).map((b) => b.check), []);
  t.ok(versionBefore('1.15.3', '1.16.0'));
  t.ok(versionBefore('1.9.0', '1.16.0'), 'numeric, not lexical');
  t.notOk(versionBefore('1.16.0', '1.16.0'));
  t.notOk(versionBefore('2.0', '1.16.0'));
  t.equal(knownBug('sadd16_ge', { name: 'renode', version: '1.16.0' }), undefined);
  t.equal(knownBug('sadd16_ge', { name: 'renode', version: '1.15.9' })?.fixedIn, '1.16.0');
  t.equal(knownBug('sasx_ge', { name: 'renode', version: '1.17.0' })?.seenIn, '1.16.1', 'open bugs still apply to later versions');
});
