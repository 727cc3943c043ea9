import t from 'tap';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clipFileName, collectAudio, wantsListening } from '../../../src/reporters/html/clips.js';
import { clip } from '../fixtures/reports.js';

t.test('which clips a reviewer listens to: not passed, or predicted other than the label', async (t) => {
  t.equal(wantsListening(clip('yes/a.wav')), false);
  t.equal(wantsListening(clip('yes/a.wav', { predicted: 'no' })), true, 'confused');
  t.equal(wantsListening(clip('yes/a.wav', { status: 'timedout', predicted: undefined })), true);
  t.equal(wantsListening(clip('yes/a.wav', { status: 'skipped', predicted: undefined })), false, 'never ran: nothing to hear');
});

t.test('copied file names are unique, safe in a path and a URL, and keep the extension', async (t) => {
  t.equal(clipFileName(0, 'synth/yes/yes-0016-d3.wav', '/c/2d/2dad.wav'), '0001-yes-0016-d3.wav');
  t.equal(clipFileName(4, 'x/<img src=x onerror=alert(1)>.wav', '/d/<img src=x onerror=alert(1)>.wav'), '0005-img_src_x_onerror_alert_1_.wav');
  t.equal(clipFileName(9, '../../etc/passwd', '/d/p.WAV'), '0010-passwd.wav');
  t.equal(clipFileName(1, 'list.csv#3', '/d/a.wav'), '0002-list.wav');
  t.not(clipFileName(0, 'a/yes.wav', '/a/yes.wav'), clipFileName(1, 'b/yes.wav', '/b/yes.wav'));
});

t.test('failing copies only the failing and confused clips; all copies all; embed inlines; none nothing', async (t) => {
  const dir = t.testdir({ src: { 'a.wav': 'RIFFa', 'b.wav': 'RIFFbb', 'c.wav': 'RIFFccc' } });
  const clips = [
    clip('yes/a.wav', { path: join(dir, 'src', 'a.wav') }),
    clip('yes/b.wav', { path: join(dir, 'src', 'b.wav'), predicted: 'no' }),
    clip('no/c.wav', { path: join(dir, 'src', 'c.wav'), status: 'error', predicted: undefined }),
    clip('no/gone.wav', { path: join(dir, 'src', 'gone.wav'), status: 'failed' }),
    clip('no/mem', { path: undefined, status: 'failed' }),
  ];
  const failing = await collectAudio(join(dir, 'run1'), clips, 'failing');
  t.same(failing.audio, { 'yes/b.wav': 'clips/0002-b.wav', 'no/c.wav': 'clips/0003-c.wav' });
  t.same(failing.missing, ['no/gone.wav', 'no/mem'], 'a vanished file and an in-memory clip are listed, not fatal');
  t.same(readdirSync(join(dir, 'run1', 'clips')).sort(), ['0002-b.wav', '0003-c.wav']);
  t.equal(readFileSync(join(dir, 'run1', 'clips', '0002-b.wav'), 'utf8'), 'RIFFbb');

  const all = await collectAudio(join(dir, 'run2'), clips, 'all');
  t.same(Object.keys(all.audio), ['yes/a.wav', 'yes/b.wav', 'no/c.wav']);

  const embed = await collectAudio(join(dir, 'run3'), clips, 'embed');
  t.equal(embed.audio['yes/a.wav'], `data:audio/wav;base64,${Buffer.from('RIFFa').toString('base64')}`);
  t.equal(embed.bytes, 5 + 6 + 7);
  t.notOk(existsSync(join(dir, 'run3', 'clips')), 'embedding writes no clips folder');

  const none = await collectAudio(join(dir, 'run4'), clips, 'none');
  t.same(none, { audio: {}, missing: [], bytes: 0 });
  t.notOk(existsSync(join(dir, 'run4')));
});

t.test('a passing run with nothing to hear makes no clips folder', async (t) => {
  const dir = t.testdir({ 'a.wav': 'RIFF' });
  writeFileSync(join(dir, 'b.wav'), 'RIFF');
  const out = await collectAudio(join(dir, 'run'), [clip('yes/a.wav', { path: join(dir, 'a.wav') })], 'failing');
  t.same(out.audio, {});
  t.notOk(existsSync(join(dir, 'run', 'clips')));
});
