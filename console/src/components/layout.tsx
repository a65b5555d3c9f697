import { type ReactNode, useEffect, useState } from 'react'
import { Link, useLocation } from 'wouter'

const pages: [string, string][] = [
  ['/', 'Overview'],
  ['/workers', 'Workers'],
  ['/functions', 'Functions'],
  ['/triggers', 'Triggers'],
  ['/state', 'State'],
  ['/streams', 'Streams'],
  ['/queues', 'Queues'],
  ['/traces', 'Traces'],
  ['/logs', 'Logs'],
  ['/config', 'Config'],
]

type Theme = 'light' | 'dark'

function initialTheme(): Theme {
  const asked = new URLSearchParams(location.search).get('theme')
  if (asked === 'light' || asked === 'dark') return asked
  const saved = localStorage.getItem('iii-theme')
  if (saved === 'light' || saved === 'dark') return saved
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

/** The app shell: navigation, theme switch, and the page. */
export function Layout({ children }: { children: ReactNode }) {
  const [location] = useLocation()
  const [theme, setTheme] = useState<Theme>(initialTheme)
  useEffect(() => {
    document.documentElement.dataset.theme = theme
  }, [theme])
  const active = (href: string) => (href === '/' ? location === '/' : location.startsWith(href))
  return (
    <div className="shell">
      <nav className="nav" aria-label="pages">
        <div className="brand">iii console</div>
        {pages.map(([href, label]) => (
          <Link key={href} href={href} className={active(href) ? 'active' : ''}>
            {label}
          </Link>
        ))}
        <button
          type="button"
          className="ghost theme"
          onClick={() => {
            const next = theme === 'dark' ? 'light' : 'dark'
            localStorage.setItem('iii-theme', next)
            setTheme(next)
          }}
        >
          {theme === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </nav>
      <main className="page">{children}</main>
    </div>
  )
}
