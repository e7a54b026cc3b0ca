// The app answers exactly as it does without docgen: the same requests get the same responses,
// and the functions Express holds are the ones the app registered (nothing on the request path).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { send, startServer } from './helpers/http.js';

const REQUESTS = [
  ['GET', '/orgs/acme/items?q=x'],
  ['GET', '/orgs/acme/items/42'],
  ['POST', '/orgs/acme/items/', { name: 'n' }],
  ['PUT', '/echo'],
  ['DELETE', '/echo'],
  ['HEAD', '/orgs/acme/items'],
  ['OPTIONS', '/orgs/acme/items/42'],
  ['GET', '/fail'],
  ['GET', '/nowhere'],
  ['GET', '/introspect'],
];

for (const EXPRESS of ['express4', 'express5']) {
  test(`${EXPRESS}: responses with and without the preload are identical`, async () => {
    const plain = await startServer('http/server.mjs', { preload: false, env: { EXPRESS } });
    const traced = await startServer('http/server.mjs', { preload: true, env: { EXPRESS } });
    try {
      for (const [method, path, body] of REQUESTS) {
        const a = await send(plain.port, method, path, body);
        const b = await send(traced.port, method, path, body);
        assert.equal(b, a, `${method} ${path}`);
      }
      const introspection = JSON.parse((await send(traced.port, 'GET', '/introspect')).body);
      // capturesWhileServing: docgen recorded nothing for Express's own per-request app.get(setting).
      assert.equal(introspection, { routerMountedAsIs: true, handlersAsRegistered: true, capturesWhileServing: 0 });
      const stamped = await send(traced.port, 'GET', '/orgs/acme/items/42');
      assert.equal(JSON.parse(stamped.body), { id: '42', org: 'acme' });
    } finally {
      await plain.stop();
      const end = await traced.stop();
      assert.is(end.signal, 'SIGTERM');
    }
  });
}

test.run();
