import { useEffect, useRef, useState } from 'react'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface ChartProps {
  /** Seconds since the epoch. */
  times: number[]
  series: { label: string; values: (number | null)[]; color: string }[]
  heightPx: number
  label: string
}

/** A time-series chart (uPlot: canvas, small, fast with thousands of points). */
export function Chart({ times, series, heightPx, label }: ChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot>(null)
  const shape = series.map((s) => s.label).join('|')
  const theme = useTheme()
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the series change shape
  useEffect(() => {
    if (!box.current) return
    const width = box.current.clientWidth || 600
    // Canvas cannot use CSS currentColor: take the text colour of the theme in force.
    const text = getComputedStyle(box.current).color
    const grid = { stroke: 'rgba(128, 128, 128, 0.25)', width: 1 }
    plot.current = new uPlot(
      {
        width,
        height: heightPx,
        legend: { show: true },
        axes: [
          { stroke: text, grid, ticks: grid },
          { stroke: text, grid, ticks: grid },
        ],
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2 }))],
      },
      [times, ...series.map((s) => s.values)],
      box.current,
    )
    const resize = () =>
      plot.current?.setSize({ width: box.current?.clientWidth ?? width, height: heightPx })
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      plot.current?.destroy()
    }
  }, [shape, heightPx, theme])
  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)])
  }, [times, series])
  return (
    <div
      ref={box}
      className="chart"
      role="img"
      aria-label={label}
      style={{ minHeight: heightPx }}
    />
  )
}

/** The `data-theme` of the page, following changes. */
function useTheme(): string | undefined {
  const [theme, setTheme] = useState(document.documentElement.dataset.theme)
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(document.documentElement.dataset.theme))
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    })
    return () => observer.disconnect()
  }, [])
  return theme
}
