import t from 'tap';
import { didYouMean, editDistance, suggestion } from '../../src/config/suggest.js';

t.test('editDistance counts a transposition as one edit', async (t) => {
  t.equal(editDistance('', ''), 0);
  t.equal(editDistance('abc', ''), 3);
  t.equal(editDistance('', 'abc'), 3);
  t.equal(editDistance('kitten', 'sitting'), 3);
  t.equal(editDistance('lables', 'labels'), 1);
  t.equal(editDistance('latncy', 'latency'), 1);
  t.equal(editDistance('ab', 'ba'), 1);
  t.equal(editDistance('budgets', 'budgets'), 0);
});

t.test('didYouMean', async (t) => {
  const keys = ['name', 'platform', 'firmware', 'labels', 'inputs', 'verify', 'budgets', 'timeouts', 'target'];
  t.equal(didYouMean('lables', keys), 'labels');
  t.equal(didYouMean('budget', keys), 'budgets');
  t.equal(didYouMean('timeout', keys), 'timeouts');
  t.equal(didYouMean('Platfrom', keys), 'platform', 'case and transpositions');
  t.equal(didYouMean('pltfrom', keys), 'platform', 'two edits in a long word');
  t.equal(didYouMean('frimwear', keys), undefined, 'three edits in an 8-letter word is a guess');
  t.equal(didYouMean('audio-path', ['kind', 'audio_path']), 'audio_path', 'dash for underscore');
  t.equal(didYouMean('nme', keys), 'name', 'one edit in a short word');
  t.equal(didYouMean('xyz', keys), undefined, 'nothing close');
  t.equal(didYouMean('nm', keys), undefined, 'two edits in a short word is a guess');
  t.equal(didYouMean('', keys), undefined);
  t.equal(didYouMean('a'.repeat(1000), keys), undefined, 'huge words are not compared');
  t.equal(didYouMean('tar', ['target', 'timeouts']), 'target', 'a prefix of a key');
});

t.test('suggestion phrases it, or says nothing', async (t) => {
  t.equal(suggestion('lables', ['labels']), 'did you mean "labels"? ');
  t.equal(suggestion('xyz', ['labels']), '');
  t.equal(suggestion('labels', ['labels']), '', 'an exact match is no suggestion');
});
