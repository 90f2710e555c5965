import assert from 'node:assert/strict';
import { connect, type AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createHarness, type Harness } from './helpers/harness.ts';

// Requests Node's HTTP parser refuses before any route runs still answer the envelope, over a raw
// TCP socket: what a client with a broken HTTP stack or a hostile peer would send.
let h: Harness;
let port = 0;
before(async () => {
  h = await createHarness();
  await h.app.listen({ port: 0, host: '127.0.0.1' });
  port = (h.app.server.address() as AddressInfo).port;
});
after(() => h.close());

interface RawAnswer {
  statusLine: string;
  headers: Record<string, string>;
  body: string;
}

/** Writes `bytes`, reads until the server closes, and splits the answers (content-length framed). */
function exchange(bytes: string): Promise<RawAnswer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      let rest = Buffer.concat(chunks).toString('utf8');
      const answers: RawAnswer[] = [];
      while (rest.length > 0) {
        const headEnd = rest.indexOf('\r\n\r\n');
        const [statusLine = '', ...lines] = rest.slice(0, headEnd).split('\r\n');
        const headers = Object.fromEntries(
          lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
        );
        const length = Number(headers['content-length']);
        const body = Buffer.from(rest.slice(headEnd + 4))
          .subarray(0, length)
          .toString('utf8');
        answers.push({ statusLine, headers, body });
        rest = Buffer.from(rest.slice(headEnd + 4))
          .subarray(length)
          .toString('utf8');
      }
      resolve(answers);
    });
  });
}

function assertEnvelope(answer: RawAnswer | undefined, msg: RegExp): void {
  assert.ok(answer, 'an answer came back');
  assert.equal(answer.statusLine, 'HTTP/1.1 200 OK');
  assert.match(answer.headers['content-type'] ?? '', /^application\/json/);
  const envelope = JSON.parse(answer.body);
  assert.deepEqual(Object.keys(envelope), ['requestId', 'code', 'developId', 'msg', 'data']);
  assert.match(envelope.requestId, /^[0-9a-f]{32}$/);
  assert.equal(answer.headers['x-request-id'], envelope.requestId);
  assert.equal(envelope.code, 400);
  assert.equal(envelope.developId, '');
  assert.equal(envelope.data, null);
  assert.match(envelope.msg, msg);
}

const HEAD = 'Host: 127.0.0.1\r\nAccept-Language: en';

describe('malformed HTTP answers the envelope over a raw socket', () => {
  test('a query string over 16 KiB (Node: 431)', async () => {
    const [answer] = await exchange(`GET /v2/open/address/list?q=${'a'.repeat(17 * 1024)} HTTP/1.1\r\n${HEAD}\r\n\r\n`);
    assertEnvelope(answer, /^bad parameter: headers request line and headers must be at most 16384 bytes together$/);
  });

  test('Content-Length together with Transfer-Encoding', async () => {
    const [answer] = await exchange(
      `POST /v2/open/address/addOrUpdate HTTP/1.1\r\n${HEAD}\r\nContent-Type: application/json\r\nContent-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
    );
    assertEnvelope(answer, /^bad parameter: request is not a valid HTTP\/1\.1 request \(HPE_\w+: .+\)$/);
  });

  test('a bad chunk size', async () => {
    const [answer] = await exchange(
      `POST /v2/open/address/addOrUpdate HTTP/1.1\r\n${HEAD}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    );
    assertEnvelope(answer, /^bad parameter: request is not a valid HTTP\/1\.1 request \(HPE_INVALID_CHUNK_SIZE: .+\)$/);
  });

  test('a request line that is not HTTP', async () => {
    const [answer] = await exchange('HELLO\r\n\r\n');
    assertEnvelope(answer, /^参数错误: request /);
  });

  test('a bad request after a good one on the same connection: the first answer is whole, then the envelope', async () => {
    const answers = await exchange(
      `GET /health HTTP/1.1\r\n${HEAD}\r\n\r\nGET /health HTTP/1.1\r\n${HEAD}\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    assert.equal(answers.length, 2);
    assert.equal(answers[0]!.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(JSON.parse(answers[0]!.body).code, 200);
    assertEnvelope(answers[1], /^bad parameter: request /);
  });
});
