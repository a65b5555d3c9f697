import { startEngine } from 'iii-engine'
import { describe, expect, it } from 'vitest'
import { startTestEngine } from '../../src/engine'
import { httpConfig } from './harness'

describe('iii-http and iii-http-functions configuration', () => {
  it('both run in the no-config default; the HTTP port is readable with address(); hooks are removed on stop', async () => {
    const engine = await startTestEngine()
    expect(engine.host.names()).toEqual(expect.arrayContaining(['iii-http', 'iii-http-functions']))
    const address = engine.address('iii-http')
    expect(address?.host).toBe('127.0.0.1')
    expect(address?.port).toBeGreaterThan(0)
    expect((await fetch(`http://127.0.0.1:${address?.port}/nothing-here`)).status).toBe(404)
    expect(engine.core.slots.get('httpInvoker')).toBeDefined()
    expect(engine.core.slots.get('httpFunctions')).toBeDefined()
    await engine.stop()
    expect(engine.core.slots.get('httpInvoker')).toBeUndefined()
    expect(engine.core.slots.get('httpFunctions')).toBeUndefined()
    await expect(fetch(`http://127.0.0.1:${address?.port}/nothing-here`)).rejects.toThrow()
  })

  it('accepts the alias `http`', async () => {
    const engine = await startTestEngine({
      configText: 'workers:\n  - name: http\n    config: {port: 3111}\n',
    })
    expect(engine.host.names()).toContain('iii-http')
    expect(engine.host.names()).not.toContain('iii-http-functions')
    await engine.stop()
  })

  it.each([
    ['{bogus: 1}', '{}', /bogus.*unknown key/],
    ['{port: "x"}', '{}', /port/],
    ['{port: 70000}', '{}', /port/],
    ['{body_limit_bytes: -1}', '{}', /body_limit_bytes/],
    ['{cors: {allowed_origins: "*"}}', '{}', /cors\.allowed_origins/],
    ['{cors: {origins: ["*"]}}', '{}', /cors\.origins.*unknown key/],
    ['{middleware: [{function_id: "mw", phase: "onRequest"}]}', '{}', /middleware\[0\]\.phase/],
    ['{middleware: [{priority: 1}]}', '{}', /middleware\[0\]/],
    ['{}', '{security: {require_https: "yes"}}', /security\.require_https/],
    ['{}', '{security: {url_allowlist: "*"}}', /security\.url_allowlist/],
    ['{}', '{block_private_ips: false}', /block_private_ips.*unknown key/],
  ])('refuses http %s / http-functions %s', async (http, functions, message) => {
    await expect(
      startEngine({ configText: httpConfig(http, functions), randomPorts: true }),
    ).rejects.toThrow(message)
  })
})
