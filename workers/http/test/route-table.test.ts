import { IIIError } from '@iii/protocol'
import { describe, expect, it } from 'vitest'
import { parseApiPath, splitRequestPath } from '../src/routes/api-path'
import { RouteTable } from '../src/routes/route-table'

const claim = (bindingId: string) => ({ bindingId, target: bindingId })

describe('parseApiPath', () => {
  it('normalises slashes and collects parameter names', () => {
    expect(parseApiPath('users/:id/')).toMatchObject({ pattern: '/users/:id', paramNames: ['id'] })
    expect(parseApiPath('//a//b')).toMatchObject({ pattern: '/a/b', paramNames: [] })
    expect(parseApiPath('/')).toMatchObject({ pattern: '/', segments: [] })
  })

  it.each([
    ['/x/:', /needs a name/],
    ['/x/:1a', /needs a name/],
    ['/x/:id/y/:id', /appears twice/],
    ['/x?q=1', /must not contain/],
    ['/x#frag', /must not contain/],
    ['/a b', /must not contain/],
  ])('refuses %s', (path, message) => {
    const error = (() => {
      try {
        parseApiPath(path)
      } catch (err) {
        return err
      }
      return undefined
    })()
    expect(error).toBeInstanceOf(IIIError)
    expect((error as IIIError).code).toBe('trigger_registration_failed')
    expect((error as IIIError).message).toMatch(message)
  })

  it('splits request paths into decoded segments', () => {
    expect(splitRequestPath('/a/b%20c//d/')).toEqual(['a', 'b c', 'd'])
    expect(splitRequestPath('/bad%zz')).toEqual(['bad%zz'])
  })
})

describe('RouteTable', () => {
  const match = (table: RouteTable<string>, method: string, path: string) => {
    const found = table.match(method, splitRequestPath(path))
    return (
      found && {
        pattern: found.route.pattern,
        values: found.values,
        serving: found.route.claims.at(-1)?.target,
      }
    )
  }

  it('prefers literal segments and backtracks into parameters', () => {
    const table = new RouteTable<string>()
    table.add('GET', parseApiPath('/a/b/c'), claim('abc'))
    table.add('GET', parseApiPath('/a/:x/d'), claim('axd'))
    table.add('GET', parseApiPath('/a/:x'), claim('ax'))
    expect(match(table, 'GET', '/a/b/c')).toMatchObject({ pattern: '/a/b/c', values: [] })
    expect(match(table, 'GET', '/a/b/d')).toMatchObject({ pattern: '/a/:x/d', values: ['b'] })
    expect(match(table, 'GET', '/a/b')).toMatchObject({ pattern: '/a/:x', values: ['b'] })
    expect(match(table, 'GET', '/a/b/e')).toBeUndefined()
    expect(match(table, 'POST', '/a/b/c')).toBeUndefined()
    expect(match(table, 'GET', '/')).toBeUndefined()
  })

  it('refuses the same shape with other parameter names, per method', () => {
    const table = new RouteTable<string>()
    table.add('GET', parseApiPath('/u/:id'), claim('one'))
    expect(() => table.add('GET', parseApiPath('/u/:userId'), claim('two'))).toThrow(/same shape/)
    expect(() => table.add('POST', parseApiPath('/u/:userId'), claim('three'))).not.toThrow()
    expect(table.size).toBe(2)
  })

  it('keeps claims in registration order; removing one keeps the route for the others', () => {
    const table = new RouteTable<string>()
    table.add('GET', parseApiPath('/roll'), claim('v1'))
    table.add('GET', parseApiPath('/roll/'), claim('v2'))
    expect(match(table, 'GET', '/roll')?.serving).toBe('v2')
    expect(table.remove('v2')).toBe(true)
    expect(match(table, 'GET', '/roll')?.serving).toBe('v1')
    expect(table.remove('v2')).toBe(false)
    table.add('GET', parseApiPath('/roll'), claim('v1'))
    expect(table.match('GET', ['roll'])?.route.claims.map((c) => c.bindingId)).toEqual(['v1'])
    expect(table.remove('v1')).toBe(true)
    expect(match(table, 'GET', '/roll')).toBeUndefined()
    expect(table.size).toBe(0)
  })

  it('frees a shape once its last claim is gone, so other parameter names may use it', () => {
    const table = new RouteTable<string>()
    table.add('GET', parseApiPath('/p/:a/q'), claim('first'))
    table.remove('first')
    expect(() => table.add('GET', parseApiPath('/p/:b/q'), claim('second'))).not.toThrow()
    expect(match(table, 'GET', '/p/1/q')).toMatchObject({ pattern: '/p/:b/q', values: ['1'] })
  })

  it('finds one route among many by walking the path only', () => {
    const table = new RouteTable<string>()
    for (let i = 0; i < 5000; i++)
      table.add('GET', parseApiPath(`/r${i}/:id/items/${i % 7}`), claim(`b${i}`))
    expect(match(table, 'GET', '/r4321/77/items/2')).toMatchObject({
      pattern: '/r4321/:id/items/2',
      values: ['77'],
      serving: 'b4321',
    })
    expect(match(table, 'GET', '/r4321/77/items/3')).toBeUndefined()
  })
})
