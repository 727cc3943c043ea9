/** The `host` target kind: the firmware's host build, on this machine, over its stdio. */
import type { TargetKind } from '../kind.js';
import { createHostTarget } from './host.js';

export const hostKind: TargetKind<'host', undefined> = {
  name: 'host',
  title: 'the host build',
  summary: 'the firmware\'s host build on this machine: a reference, not device timing',
  section: undefined,
  firmware: 'host',
  tools: ['gcc', 'make'],
  cycles: 'nanoseconds of this machine\'s clock: not device timing',
  audioPaths: () => ['uart'],
  needs: (path) => (path === 'pdm' ? 'the pdm path needs a microphone model: target renode and renode.pdm in the platform file (platforms/nrf52840.yaml has one)' : ''),
  create: createHostTarget,
};
