import { useVirtualizer } from '@tanstack/react-virtual'
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react'

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
  // Following the tail: when the view was at the end before new rows came, it stays at the end.
  const atEnd = useRef(true)
  const onScroll = () => {
    const el = parent.current
    if (el) atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < rowHeightPx * 3
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the row count changes
  useLayoutEffect(() => {
    const el = parent.current
    if (props.followTail && el && atEnd.current) el.scrollTop = el.scrollHeight
  }, [rows.length, props.followTail])
  const onOpenRef = useRef(onOpen)
  onOpenRef.current = onOpen
  const rowsRef = useRef(rows)
  rowsRef.current = rows
  const onKeyRef = useRef<(e: KeyboardEvent) => void>(() => {})
  const rowKeyDown = useCallback((e: KeyboardEvent) => onKeyRef.current(e), [])
  const pick = useCallback((index: number) => {
    setActive(index)
    const row = rowsRef.current[index]
    if (row !== undefined) onOpenRef.current?.(row)
  }, [])
  const onKey = (e: KeyboardEvent) => {
    const move = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0
    if (move) {
      e.preventDefault()
      const next = Math.max(0, Math.min(rows.length - 1, active + move))
      setActive(next)
      virtualizer.scrollToIndex(next)
    } else if (e.key === 'Enter' && rows[active] && onOpen) onOpen(rows[active])
  }
  onKeyRef.current = onKey
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
        onScroll={onScroll}
        style={{ height: props.heightPx ?? 560 }}
      >
        <div className="vspace" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index] as T
            const key = rowKey(row, item.index)
            return (
              <Row
                key={key}
                id={key}
                row={row}
                index={item.index}
                startPx={item.start}
                heightPx={rowHeightPx}
                template={template}
                columns={columns}
                active={item.index === active}
                link={!!onOpen}
                onPick={pick}
                onKey={rowKeyDown}
              />
            )
          })}
        </div>
      </div>
    </div>
  )
}

interface RowProps<T> {
  id: string
  row: T
  index: number
  startPx: number
  heightPx: number
  template: string
  columns: Column<T>[]
  active: boolean
  link: boolean
  onPick(index: number): void
  onKey(e: KeyboardEvent): void
}

/**
 * One row. Memoised: while the table scrolls or a tail grows, rows already on screen are not
 * rendered again; only the ones that come into view are. Callers keep `columns` stable.
 */
const Row = memo(function Row<T>(p: RowProps<T>) {
  return (
    <div
      role="option"
      aria-selected={p.active}
      tabIndex={-1}
      data-row={p.id}
      className={`vrow${p.active ? ' active' : ''}${p.link ? ' link' : ''}`}
      style={{
        gridTemplateColumns: p.template,
        height: p.heightPx,
        transform: `translateY(${p.startPx}px)`,
      }}
      onClick={() => p.onPick(p.index)}
      onKeyDown={p.onKey}
    >
      {p.columns.map((c) => (
        <div key={c.header}>{c.cell(p.row)}</div>
      ))}
    </div>
  )
}) as <T>(p: RowProps<T> & { key?: string }) => ReactNode
