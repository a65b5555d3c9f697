import { useLocation, useSearch } from 'wouter'

/** A query-string parameter as page state, so every filter deep-links. */
export function useParam(name: string, fallback = ''): [string, (value: string) => void] {
  const search = useSearch()
  const [location, navigate] = useLocation()
  const value = new URLSearchParams(search).get(name) ?? fallback
  const set = (next: string) => {
    const params = new URLSearchParams(search)
    if (next === '' || next === fallback) params.delete(name)
    else params.set(name, next)
    const q = params.toString()
    navigate(`${location}${q ? `?${q}` : ''}`, { replace: true })
  }
  return [value, set]
}

export const formatMs = (ms: number | undefined) =>
  ms === undefined
    ? '—'
    : ms < 1
      ? `${ms.toFixed(3)} ms`
      : ms < 1000
        ? `${ms.toFixed(1)} ms`
        : `${(ms / 1000).toFixed(2)} s`

export const formatTime = (ms: number | undefined) =>
  ms === undefined ? '—' : new Date(ms).toLocaleTimeString()

export const since = (ms: number) => {
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000))
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
}
