#!/usr/bin/env node
// Colour only on a terminal and never with NO_COLOR (any value): set before the usage printer
// loads, since it decides once.
if (process.env.NO_COLOR || !process.stdout.isTTY) process.env.NO_COLOR = '1'

export {}

const { main } = await import('./cli/main')
await main(process.argv.slice(2))
