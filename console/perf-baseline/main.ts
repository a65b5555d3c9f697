// The perf baseline: an empty React page built by the same Vite (tests/console/perf.ts).
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'

const root = document.getElementById('root')
if (root) createRoot(root).render(createElement('h1', null, 'baseline'))
