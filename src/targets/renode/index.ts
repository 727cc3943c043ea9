/** The `renode` target kind: Renode building the platform's `renode:` machine, driven over its robot server. */
import type { TargetKind } from '../kind.js';
import { RenodePlatformSchema } from './platform.js';
import { createRenodeTarget } from './renode.js';
import { findRenode, renodeMissing } from './renode-process.js';

export const renodeKind: TargetKind<'renode', typeof RenodePlatformSchema> = {
  name: 'renode',
  title: 'Renode',
  summary: 'the platform\'s renode: section, virtual-time cycle counts',
  section: RenodePlatformSchema,
  firmware: 'cross',
  tools: ['arm-none-eabi-gcc', 'make', 'renode'],
  cycles: 'virtual cycles (DWT or SysTick counting virtual time at the platform clock), not cycle-accurate; before 1.16 in steps of one quantum',
  audioPaths: (p) => ['uart', ...(p.renode?.harness_region ? ['memory' as const] : []), ...(p.renode?.pdm ? ['pdm' as const] : [])],
  needs: (path) =>
    path === 'memory' ? 'the memory path needs renode.harness_region in the platform file'
    : path === 'pdm' ? 'the pdm path needs a microphone model: target renode and renode.pdm in the platform file (platforms/nrf52840.yaml has one)'
    : '',
  options: [
    { flags: '--renode <path>', description: 'the renode executable (default: $RENODE, else renode on PATH)', env: 'RENODE' },
    {
      flags: '--renode-record <dir>',
      description: 'write every exchange with Renode (request and response bytes, per Renode process) under <dir>, for replay tests (default: $TINYHIL_RENODE_RECORD)',
      env: 'TINYHIL_RENODE_RECORD',
    },
  ],
  unavailable: () => (findRenode() ? undefined : renodeMissing()),
  create: (ctx) => createRenodeTarget(ctx),
};
