import { describe, expect, it } from 'vitest'
import { type ErrorCode, errorCodes, IIIError, retiredCodes } from '../src/index'

/**
 * The registry's size, pinned: adding a code means raising this number in the same change (and
 * documenting it with `pnpm schema`); removing one means moving it to `retiredCodes`.
 */
const registrySize = 133

describe('error registry (errors.md)', () => {
  it('holds exactly the pinned number of codes', () => {
    expect(Object.keys(errorCodes)).toHaveLength(registrySize)
  })

  it('never reuses a retired code, and retires each code once', () => {
    expect(retiredCodes.filter((code) => Object.hasOwn(errorCodes, code))).toEqual([])
    expect(new Set(retiredCodes).size).toBe(retiredCodes.length)
  })

  it('types engine raises as registry codes and relays other codes unchanged', () => {
    // @ts-expect-error a code outside the registry cannot be raised by the engine
    const unregistered = new IIIError('NOT_A_REGISTRY_CODE', 'x')
    expect(unregistered.code).toBe('NOT_A_REGISTRY_CODE')
    const code: ErrorCode = 'NOT_FOUND'
    expect(new IIIError(code, 'gone').toBody()).toEqual({ code: 'NOT_FOUND', message: 'gone' })
    const relayed = IIIError.relay({ code: 'STOCK_EMPTY', message: 'no stock left' })
    expect(relayed.toBody()).toEqual({ code: 'STOCK_EMPTY', message: 'no stock left' })
    expect(IIIError.from({ code: 'my_handler_code', message: 'm' }).code).toBe('my_handler_code')
  })
})
