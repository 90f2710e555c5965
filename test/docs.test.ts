import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_TABLE } from '../src/platform/errors.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the README publishes every code of the error table, and no code that does not exist', () => {
  const documented = [...readme.matchAll(/^\| (\d{3,4}) \| ([A-Z_]+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  const actual = Object.entries(ERROR_TABLE).map(([name, entry]) => `${entry.code} ${name}`);
  assert.deepEqual(documented.sort(), actual.sort());
});

test('the README test vectors are the ones the signature test checks', () => {
  const vectors = readFileSync(new URL('./signature.test.ts', import.meta.url), 'utf8');
  for (const signature of [
    '51670AEBF2E50CC744BF09F049D36632',
    'C4F6F4E206038B5B5B6EC27A0AD134CEEC2747E66B6701261F6C62FC4C0A8EB7',
    '0BE2F652C6F1C38B70171C191832AF11A6FB35F6A565762BFA79D546585B200C',
  ]) {
    assert.ok(readme.includes(signature) && vectors.includes(signature), signature);
  }
});
