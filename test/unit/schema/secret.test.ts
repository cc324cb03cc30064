import { inspect } from 'node:util';
import SchemaBuilder from '@pothos/core';
import { createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { SecretValue, secretKey } from '../../../src/cloudsync/secret-value';
import { SECRET_OVER_GET_MESSAGE, secretGuard } from '../../../src/plugins/use-secret-guard';
import type { SecretScalarTypes } from '../../../src/schema/secret';
import { addSecretScalar, INLINE_SECRET_MESSAGE, secretScalar } from '../../../src/schema/secret';

const PASSWORD = 'hunter2-Canary-51';

/** A schema just for this test: one query and one subscription taking credentials. */
function tinySchema(calls: { count: number }) {
  const builder = new SchemaBuilder<SecretScalarTypes & { DefaultFieldNullability: false }>({
    defaultFieldNullability: false,
  });
  addSecretScalar(builder);
  const Creds = builder.inputType('CifsCredentialsInput', {
    fields: (t) => ({
      username: t.string({ required: true }),
      password: t.field({ type: 'Secret', required: true }),
      domain: t.string(),
    }),
  });
  builder.queryType({
    fields: (t) => ({
      check: t.string({
        args: { credentials: t.arg({ type: Creds, required: true }) },
        resolve: (_root, args) => {
          calls.count++;
          // What an accidental log line or message would show.
          return `${args.credentials.username}:${String(args.credentials.password)}:${JSON.stringify(args.credentials)}`;
        },
      }),
      hello: t.string({ resolve: () => 'hi' }),
    }),
  });
  builder.subscriptionType({
    fields: (t) => ({
      watch: t.string({
        args: { password: t.arg({ type: 'Secret', required: true }) },
        subscribe: async function* () {
          calls.count++;
          yield 'tick';
        },
        resolve: (value: string) => value,
      }),
    }),
  });
  return builder.toSchema();
}

function server(guarded = true) {
  const calls = { count: 0 };
  const yoga = createYoga({
    schema: tinySchema(calls),
    plugins: guarded ? [secretGuard()] : [],
    logging: false,
    maskedErrors: false,
  });
  const post = async (query: string, variables?: unknown) => {
    const res = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, text: await res.text() };
  };
  const get = async (query: string, variables: unknown, accept = 'application/json') => {
    const url = `http://yoga/graphql?query=${encodeURIComponent(query)}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const res = await yoga.fetch(url, { headers: { accept } });
    return { status: res.status, text: await res.text() };
  };
  return { calls, post, get };
}

const CHECK = 'query Check($c: CifsCredentialsInput!) { check(credentials: $c) }';

describe('the Secret scalar', () => {
  it('takes a variable as a SecretValue that prints as [secret] everywhere', async () => {
    const { post, calls } = server();
    const res = await post(CHECK, { c: { username: 'bob', password: PASSWORD } });
    expect(JSON.parse(res.text)).toEqual({
      data: { check: 'bob:[secret]:{"password":"[secret]","username":"bob"}' },
    });
    expect(calls.count).toBe(1);
    const secret = new SecretValue(PASSWORD);
    expect(
      [String(secret), `${secret}`, JSON.stringify({ secret }), inspect({ secret })].join(),
    ).not.toContain('Canary');
    expect(secret.reveal()).toBe(PASSWORD);
  });

  it('refuses an inline literal at validation, without repeating it and without running anything', async () => {
    const { post, calls } = server(false);
    const res = await post(`{ check(credentials: {username: "bob", password: "${PASSWORD}"}) }`);
    const body = JSON.parse(res.text) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.message).toBe(INLINE_SECRET_MESSAGE);
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.text).not.toContain('Canary');
    expect(calls.count).toBe(0);
  });

  it('refuses a non-string or empty variable, and is never an output', async () => {
    const { post } = server();
    for (const password of [42, '', { nested: PASSWORD }]) {
      const res = await post(CHECK, { c: { username: 'bob', password } });
      expect(res.text).toContain('A Secret must be a non-empty string');
      expect(res.text).not.toContain('Canary');
    }
    expect(() => secretScalar.serialize(PASSWORD)).toThrowError('A Secret is input only');
  });
});

describe('the secret guard', () => {
  it('refuses a GET whose operation has a Secret variable, before execution; other GETs run', async () => {
    const { get, calls } = server();
    const res = await get(CHECK, { c: { username: 'bob', password: PASSWORD } });
    const body = JSON.parse(res.text) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]?.message).toBe(SECRET_OVER_GET_MESSAGE);
    expect(body.errors[0]?.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.text).not.toContain('Canary');
    expect(calls.count).toBe(0);
    const hello = await get('{ hello }', {});
    expect(JSON.parse(hello.text)).toEqual({ data: { hello: 'hi' } });
  });

  it('refuses a subscription with a Secret variable over GET (SSE), runs it over POST', async () => {
    const { get, post, calls } = server();
    const sub = 'subscription W($p: Secret!) { watch(password: $p) }';
    const res = await get(sub, { p: PASSWORD }, 'text/event-stream');
    expect(res.text).toContain(SECRET_OVER_GET_MESSAGE);
    expect(res.text).not.toContain('Canary');
    expect(calls.count).toBe(0);
    const ok = await post(sub, { p: PASSWORD });
    expect(ok.text).toContain('tick');
    expect(calls.count).toBe(1);
  });

  it('scrubs the rejected value out of variable-coercion errors (graphql-js prints it otherwise)', async () => {
    const typo = { c: { username: 'bob', password: PASSWORD, domian: 'CORP' } };
    // Without the guard, graphql-js puts the whole variable, password included, into the message.
    const bare = await server(false).post(CHECK, typo);
    expect(bare.text).toContain('Canary');

    const { post, calls } = server();
    const res = await post(CHECK, typo);
    const body = JSON.parse(res.text) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors).toEqual([
      expect.objectContaining({
        message:
          'Variable "$c" got invalid value [secret]; Field "domian" is not defined by type "CifsCredentialsInput". Did you mean "domain"?',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
      }),
    ]);
    const missing = await post(CHECK, { c: { password: PASSWORD } });
    expect(missing.text).toContain(
      'Field \\"username\\" of required type \\"String!\\" was not provided.',
    );
    const nested = await post(CHECK, { c: { username: 'bob', password: 7 } });
    expect(nested.text).toContain('got invalid value [secret] at \\"c.password\\"');
    for (const text of [res.text, missing.text, nested.text]) expect(text).not.toContain('Canary');
    expect(calls.count).toBe(0);
  });

  it('secretKey: an HMAC, equal for equal secrets, different otherwise, never the value', () => {
    const one = secretKey(PASSWORD);
    expect(secretKey(new SecretValue(PASSWORD))).toBe(one);
    expect(secretKey(`${PASSWORD}x`)).not.toBe(one);
    expect(one).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one).not.toContain('Canary');
  });
});
