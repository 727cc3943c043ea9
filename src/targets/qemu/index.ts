/** The `qemu` target kind: qemu-system-arm running the platform's `qemu:` machine. */
import type { TargetKind } from '../kind.js';
import { QemuPlatformSchema } from './platform.js';
import { createQemuTarget } from './qemu.js';

export const qemuKind: TargetKind<'qemu', typeof QemuPlatformSchema> = {
  name: 'qemu',
  title: 'QEMU',
  summary: 'the platform\'s qemu: section, instruction-count timing',
  section: QemuPlatformSchema,
  firmware: 'cross',
  tools: ['arm-none-eabi-gcc', 'make', 'qemu-system-arm'],
  cycles: 'instruction-equivalent (SysTick under -icount: one instruction per cycle), not cycle-accurate',
  audioPaths: (p) => (p.qemu?.harness_region ? ['uart', 'memory'] : ['uart']),
  needs: (path) =>
    path === 'memory' ? 'the memory path needs qemu.harness_region in the platform file'
    : path === 'pdm' ? 'the pdm path needs a microphone model: target renode and renode.pdm in the platform file (platforms/nrf52840.yaml has one)'
    : '',
  create: createQemuTarget,
};
