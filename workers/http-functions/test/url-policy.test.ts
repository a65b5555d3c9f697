import { createHmac } from 'node:crypto'
import { type FunctionEntry, silentLogger } from '@iii/core'
import type { HttpInvocationRef } from '@iii/protocol'
import { describe, expect, it } from 'vitest'
import { authHeaders, resolveAuth, signBody } from '../src/auth'
import type { SecurityConfig } from '../src/config'
import { createHttpFunctions } from '../src/invoker'
import { isBlockedAddress } from '../src/ip-ranges'
import { matchesHostGlob, type Resolver, validateUrl } from '../src/url-policy'

const strict: SecurityConfig = {
  url_allowlist: ['*'],
  block_private_ips: true,
  require_https: true,
}
const resolveTo =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
const noDns: Resolver = async () => {
  throw new Error('ENOTFOUND')
}

describe('isBlockedAddress', () => {
  it.each([
    '0.0.0.0',
    '10.0.0.1',
    '10.255.255.255',
    '100.64.0.1',
    '127.0.0.1',
    '127.8.9.10',
    '169.254.169.254',
    '169.254.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.0.2.1',
    '192.168.0.1',
    '198.51.100.7',
    '203.0.113.9',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fdff:ffff::1',
    'fe80::1',
    'fe80::1%eth0',
    'febf::1',
    'fec0::1',
    'ff02::1',
    '2001:db8::1',
    '::ffff:10.0.0.1',
    '::ffff:7f00:1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:ffff:c0a8:0101',
    '::127.0.0.1',
    '64:ff9b::10.0.0.1',
  ])('blocks %s', (address) => expect(isBlockedAddress(address)).toBe(true))

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '169.255.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2001:db9::1',
  ])('allows %s', (address) => expect(isBlockedAddress(address)).toBe(false))
})

describe('matchesHostGlob', () => {
  it('matches whole hosts case-insensitively', () => {
    expect(matchesHostGlob('api.example.com', '*.example.com')).toBe(true)
    expect(matchesHostGlob('a.b.example.com', '*.example.com')).toBe(true)
    expect(matchesHostGlob('example.com', '*.example.com')).toBe(false)
    expect(matchesHostGlob('evil-example.com', '*.example.com')).toBe(false)
    expect(matchesHostGlob('API.Example.com', 'api.example.com')).toBe(true)
    expect(matchesHostGlob('api1.example.com', 'api?.example.com')).toBe(true)
    expect(matchesHostGlob('anything', '*')).toBe(true)
  })
})

describe('validateUrl', () => {
  it('checks scheme, allowlist and every resolved address', async () => {
    expect(await validateUrl('nope', strict, noDns)).toEqual({
      code: 'url_validation_failed',
      message: 'Invalid URL: "nope"',
    })
    expect(await validateUrl('http://example.com', strict, noDns)).toMatchObject({
      message: 'HTTPS is required',
    })
    expect(
      await validateUrl('file:///etc/passwd', { ...strict, require_https: false }, noDns),
    ).toMatchObject({ message: /scheme/ })
    expect(await validateUrl('https://example.com', strict, noDns)).toMatchObject({
      message: 'DNS lookup failed',
    })
    expect(await validateUrl('https://example.com', strict, resolveTo())).toMatchObject({
      message: 'DNS lookup failed',
    })
    expect(
      await validateUrl('https://example.com', strict, resolveTo('93.184.216.34', '10.0.0.8')),
    ).toMatchObject({
      message: 'Private IP blocked',
    })
    expect(
      await validateUrl('https://example.com', strict, resolveTo('93.184.216.34', 'fe80::2')),
    ).toMatchObject({
      message: 'Private IP blocked',
    })
    expect(await validateUrl('https://[::ffff:a9fe:a9fe]/', strict, noDns)).toMatchObject({
      message: 'Private IP blocked',
    })
    expect(
      await validateUrl(
        'https://other.net',
        { ...strict, url_allowlist: ['*.example.com'] },
        noDns,
      ),
    ).toMatchObject({
      message: /url_allowlist/,
    })
    const ok = await validateUrl('https://example.com/x', strict, resolveTo('93.184.216.34'))
    expect(ok).toMatchObject({ addresses: [{ address: '93.184.216.34', family: 4 }] })
    const open = await validateUrl(
      'http://127.0.0.1:9/x',
      { ...strict, require_https: false, block_private_ips: false },
      noDns,
    )
    expect(open).toMatchObject({ addresses: undefined })
  })
})

describe('auth', () => {
  it('signs "<timestamp>:<base64(body)>" with HMAC-SHA256', () => {
    const expected = createHmac('sha256', 's3cret')
      .update(`1700000000:${Buffer.from('{"a":1}').toString('base64')}`)
      .digest('hex')
    expect(signBody('s3cret', '1700000000', '{"a":1}')).toBe(`sha256=${expected}`)
  })

  it('reads each secret from its variable and names a missing one', () => {
    const env = { S: 'sec', T: 'tok', K: 'key', EMPTY: '' }
    expect(
      authHeaders(resolveAuth({ type: 'bearer', token_key: 'T' }, env) as never, '1', ''),
    ).toEqual([['Authorization', 'Bearer tok']])
    expect(
      authHeaders(
        resolveAuth({ type: 'api_key', header: 'X-K', value_key: 'K' }, env) as never,
        '1',
        '',
      ),
    ).toEqual([['X-K', 'key']])
    expect(resolveAuth({ type: 'hmac', secret_key: 'MISSING' }, env)).toEqual({
      code: 'secret_not_found',
      message: 'environment variable MISSING is not set',
    })
    expect(resolveAuth({ type: 'bearer', token_key: 'EMPTY' }, env)).toMatchObject({
      code: 'token_not_found',
    })
    expect(resolveAuth({ type: 'api_key', header: 'x', value_key: 'NO' }, env)).toMatchObject({
      code: 'api_key_not_found',
    })
    expect(resolveAuth(undefined, env)).toEqual({ type: 'none' })
  })
})

describe('createHttpFunctions', () => {
  it('validates the URL again before every call (a name that later resolves privately is refused)', async () => {
    let answer = '93.184.216.34'
    const hooks = createHttpFunctions({
      security: strict,
      logger: silentLogger,
      env: {},
      resolve: async () => [{ address: answer, family: 4 }],
    })
    const ref: HttpInvocationRef = { url: 'https://hooks.example.com/run' }
    expect(await hooks.validateRegistration(ref)).toBeUndefined()
    answer = '169.254.169.254'
    const entry = {
      id: 'remote::fn',
      namespace: 'default',
      target: { kind: 'http', ref },
    } as unknown as FunctionEntry
    await expect(
      hooks.invoke(entry, { functionId: 'remote::fn', data: {}, invocationId: 'i-1' }),
    ).rejects.toMatchObject({
      code: 'url_validation_failed',
      message: 'Private IP blocked',
    })
  })
})
