import t from 'tap';
import { crc32 as zcrc } from 'node:zlib';
import { crc32 } from '../../src/protocol/crc32.js';
t.test('matches zlib', async (t) => {
  const b = Buffer.from('123456789');
  t.equal(crc32(b), 0xcbf43926);
  t.equal(crc32(b), zcrc(b));
});
