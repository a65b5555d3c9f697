import { describe, expect, it } from 'vitest'
import { parseRequestTarget } from '../src/server/request-target'

describe('parseRequestTarget', () => {
  it('keeps ordinary paths and queries, drops empty segments', () => {
    expect(parseRequestTarget('/users/42?x=1&y=2')).toEqual({
      ok: true,
      path: '/users/42',
      query: 'x=1&y=2',
    })
    expect(parseRequestTarget('//a///b/')).toEqual({ ok: true, path: '/a/b/', query: '' })
    expect(parseRequestTarget('/')).toEqual({ ok: true, path: '/', query: '' })
    expect(parseRequestTarget('/%61dmin')).toEqual({ ok: true, path: '/%61dmin', query: '' })
    expect(parseRequestTarget('/a%20b/%C3%A9')).toEqual({
      ok: true,
      path: '/a%20b/%C3%A9',
      query: '',
    })
    expect(parseRequestTarget('/a.b/..c/...')).toEqual({
      ok: true,
      path: '/a.b/..c/...',
      query: '',
    })
  })

  it('accepts the absolute form and keeps only its path', () => {
    expect(parseRequestTarget('http://example.com:8080/x?q')).toEqual({
      ok: true,
      path: '/x',
      query: 'q',
    })
    expect(parseRequestTarget('http://example.com')).toEqual({ ok: true, path: '/', query: '' })
  })

  it.each([
    ['/files/%2e%2e/admin', 'dot segment'],
    ['/files/x/../../admin', 'dot segment'],
    ['/files/./admin', 'dot segment'],
    ['/files/.%2E/admin', 'dot segment'],
    ['/\\admin', 'backslash'],
    ['/%5cadmin', 'backslash'],
    ['/files%2fadmin', 'encoded /'],
    ['/a%00b', 'NUL'],
    ['/a%zz', 'malformed'],
    ['/a%e9', 'UTF-8'],
    ['/a#frag', 'fragment'],
    ['*', 'starting with /'],
    ['admin', 'starting with /'],
  ])('refuses %s (%s)', (raw, reason) => {
    const result = parseRequestTarget(raw)
    expect(result.ok).toBe(false)
    expect(result.ok ? '' : result.reason).toContain(reason)
  })
})
