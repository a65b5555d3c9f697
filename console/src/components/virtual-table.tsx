import { useVirtualizer } from '@tanstack/react-virtual'
import { type KeyboardEvent, type ReactNode, useRef, useState } from 'react'

export interface Column<T> {
  header: string
  /** CSS grid track, e.g. `2fr` or `120px`. */
  width: string
  cell(row: T): ReactNode
}

export interface VirtualTableProps<T> {
  rows: T[]
  columns: Column<T>[]
  rowKey(row: T, index: number): string
  onOpen?(row: T): void
  label: string
  /** @default 32 */
  rowHeightPx?: number
  /** @default 560 */
  heightPx?: number
  /** Keep the view at the newest row while it is already there (log tails). */
  followTail?: boolean
}

/**
 * A table that renders only the rows in view (TanStack Virtual), so 100,000 rows scroll like
 * 100. Fixed row height means live rows never shift the layout. Arrow keys move, Enter opens.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, columns, rowKey, onOpen, label } = props
  const rowHeightPx = props.rowHeightPx ?? 32
  const parent = useRef<HTMLDivElement>(null)
  const [active, setActive] = useState(0)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => rowHeightPx,
    overscan: 12,
  })
  const template = columns.map((c) => c.width).join(' ')
  const el = parent.current
  if (props.followTail && el && el.scrollHeight - el.scrollTop - el.clientHeight < rowHeightPx * 3)
    queueMicrotask(() => virtualizer.scrollToIndex(rows.length - 1, { align: 'end' }))
  const onKey = (e: KeyboardEvent) => {
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0
    if (move) {
      e.preventDefault()
      const next = Math.max(0, Math.min(rows.length - 1, active + move))
      setActive(next)
      virtualizer.scrollToIndex(next)
    } else if (e.key === 'Enter' && rows[active] && onOpen) onOpen(rows[active])
  }
  return (
    <div className="vtable" data-table={label} data-rowcount={rows.length}>
      <div className="vrow vhead" style={{ gridTemplateColumns: template }}>
        {columns.map((c) => (
          <div key={c.header}>{c.header}</div>
        ))}
      </div>
      <div
        ref={parent}
        className="vbody"
        role="listbox"
        aria-label={label}
        tabIndex={0}
        onKeyDown={onKey}
        style={{ height: props.heightPx ?? 560 }}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as T
            return (
              <div
                key={rowKey(row, item.index)}
                role="option"
                aria-selected={item.index === active}
                tabIndex={-1}
                data-row={rowKey(row, item.index)}
                className={`vrow${item.index === active ? ' active' : ''}${onOpen ? ' link' : ''}`}
                style={{
                  gridTemplateColumns: template,
                  height: rowHeightPx,
                  transform: `translateY(${item.start}px)`,
                }}
                onClick={() => {
                  setActive(item.index)
                  onOpen?.(row)
                }}
                onKeyDown={onKey}
              >
                {columns.map((c) => (
                  <div key={c.header}>{c.cell(row)}</div>
                ))}
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}
