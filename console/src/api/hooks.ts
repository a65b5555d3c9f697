import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef, useState } from 'react'
import { CallError, callValue } from './client'
import { liveSocket } from './live-socket'

/**
 * A function's result, fetched once and then kept current through the live socket: the server
 * polls the call and pushes only changes. The cache key is the call itself.
 */
export function useLive<T>(
  functionId: string,
  payload: Record<string, unknown> = {},
  enabled = true,
) {
  const client = useQueryClient()
  const key = ['call', functionId, payload]
  const keyText = JSON.stringify(key)
  const query = useQuery({
    queryKey: key,
    queryFn: () => callValue<T>(functionId, payload),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  })
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyText stands for functionId + payload
  useEffect(() => {
    if (!enabled) return
    return liveSocket.subscribe({
      function_id: functionId,
      payload,
      mode: 'poll',
      listener: (m) => {
        if (m.type !== 'data') return
        if (m.ok) client.setQueryData(key, m.result)
      },
    })
  }, [keyText, enabled])
  return query
}

/** A plain cached call (no live updates). */
export function useCall<T>(
  functionId: string,
  payload: Record<string, unknown> = {},
  enabled = true,
) {
  return useQuery({
    queryKey: ['call', functionId, payload],
    queryFn: () => callValue<T>(functionId, payload),
    enabled,
    retry: false,
  })
}

/**
 * Appended log records from a live tail, newest last, capped at `max`. Records arriving within
 * one animation frame are added in one render; `skip` drops a record as it arrives (each record
 * is looked at once, not on every render).
 */
export function useTail<T>(
  payload: Record<string, unknown>,
  options: { max: number; paused: boolean; skip?: (row: T) => boolean },
) {
  const [rows, setRows] = useState<T[]>([])
  const skip = useRef(options.skip)
  skip.current = options.skip
  const keyText = JSON.stringify(payload)
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyText stands for payload
  useEffect(() => {
    if (options.paused) return
    let pending: T[] = []
    let frame = 0
    const flush = () => {
      frame = 0
      const drop = skip.current
      const add = drop ? pending.filter((r) => !drop(r)) : pending
      pending = []
      if (add.length === 0) return
      setRows((old) => {
        const next = old.concat(add)
        return next.length > options.max ? next.slice(next.length - options.max) : next
      })
    }
    const off = liveSocket.subscribe({
      function_id: 'engine::logs::list',
      payload,
      mode: 'tail',
      listener: (m) => {
        if (m.type !== 'append' || !m.records) return
        pending.push(...(m.records as T[]))
        // One render per frame however fast lines arrive.
        if (!frame) frame = requestAnimationFrame(flush)
      },
    })
    return () => {
      off()
      if (frame) cancelAnimationFrame(frame)
    }
  }, [keyText, options.paused, options.max])
  return { rows, clear: () => setRows([]) }
}

export { CallError }
