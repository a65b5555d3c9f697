/**
 * 6- and 7-field expressions use the reference engine's weekdays (1 = Sunday … 7 = Saturday,
 * 0 refused, BUILTINS.md §8); node-cron counts 0 = Sunday … 6 = Saturday. This shifts every
 * numeric weekday in the field down by one and leaves names, `*`, `?`, steps and `#n` alone.
 */
export function toNodeCronWeekdays(field: string): string {
  return field
    .split(',')
    .map((token) => {
      const [base = '', ...steps] = token.split('/')
      const [day = '', ...nth] = base.split('#')
      const shifted = day.replace(/\d+/g, (digits) => {
        const n = Number(digits)
        if (n < 1 || n > 7)
          throw new Error(
            `day-of-week ${n} is out of range: 6- and 7-field expressions use 1 (Sunday) to 7 (Saturday)`,
          )
        return String(n - 1)
      })
      return [[shifted, ...nth].join('#'), ...steps].join('/')
    })
    .join(',')
}
