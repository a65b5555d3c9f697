/** A value as indented JSON, selectable and scrollable. */
export function JsonView({ value, label }: { value: unknown; label?: string }) {
  return (
    <pre className="json" data-label={label}>
      {value === undefined ? '—' : JSON.stringify(value, null, 2)}
    </pre>
  )
}
