import t from 'tap';
import { checkHello, HandshakeError } from '../../src/harness/handshake.js';
import type { Hello } from '../../src/protocol/messages.js';
import type { Platform } from '../../src/config/schema.js';

const platform = { name: 'mps2-an386', clock_hz: 25_000_000 } as Platform;
const hello: Hello = {
  protocol: 1, fwName: 'kws', fwVersion: '1', board: 'mps2-an386', cpuHz: 25_000_000, labels: ['yes', 'no'], maxPayload: 512,
  rxWindow: 2, cycleSource: 'systick', regions: [], scoreScale: 1, maxClip: 0, audioPaths: 1,
};
const want = { labels: ['yes', 'no'], platform, board: 'mps2-an386' };

t.test('a matching device passes', async (t) => {
  t.doesNotThrow(() => checkHello(hello, want));
});

t.test('each mismatch names the field, the device value and the expected one', async (t) => {
  const cases: [Partial<Hello>, string, RegExp][] = [
    [{ protocol: 2 }, 'protocol', /speaks protocol version 2, this tinyhil speaks 1/],
    [{ board: 'netduinoplus2' }, 'platform', /built for board "netduinoplus2" but the scenario runs it on platform "mps2-an386"/],
    [{ cpuHz: 168_000_000 }, 'platform', /runs at 168000000 Hz but platform "mps2-an386" declares clock_hz 25000000/],
    [{ labels: ['no', 'yes'] }, 'labels', /labels \[no, yes\] differ from the scenario's labels \[yes, no\] \(first difference at index 0: device "no", scenario "yes"\)/],
    [{ labels: ['yes'] }, 'labels', /first difference at index 1: device "\(none\)", scenario "no"/],
  ];
  for (const [patch, field, msg] of cases) {
    const e = t.throws(() => checkHello({ ...hello, ...patch }, want)) as HandshakeError;
    t.equal(e.field, field);
    t.match(e.message, msg);
  }
});

t.test('the host build is not held to the platform clock', async (t) => {
  t.doesNotThrow(() => checkHello({ ...hello, board: 'host', cpuHz: 1_000_000_000 }, { ...want, board: 'host' }));
});
