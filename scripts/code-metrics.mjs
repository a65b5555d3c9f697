#!/usr/bin/env node
// Code metrics of the package sources (docs/decisions/0009-tooling.md):
// median and p90 function length, share of functions over 50 lines, files over 250 lines, share
// of lines over 100 characters.
//
//   node scripts/code-metrics.mjs            # the working tree
//   node scripts/code-metrics.mjs 2c00933    # any commit, read from git
//   node scripts/code-metrics.mjs --no-console [ref]   # without console/src (a React app)
//
// Counted: *.ts and *.tsx under engine/*/src, workers/*/src, sdk/*/src and console/src; not
// tests, generated bundles or declaration files. A function is any declaration, method,
// accessor, constructor, arrow function or function expression; its length is the number of
// source lines from its first to its last.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import ts from 'typescript'

const args = process.argv.slice(2)
const withConsole = !args.includes('--no-console')
const ref = args.find((arg) => !arg.startsWith('--'))
const roots = withConsole
  ? /^(engine|workers|sdk)\/[^/]+\/src\/|^console\/src\//
  : /^(engine|workers|sdk)\/[^/]+\/src\//
const counted = (path) =>
  roots.test(path) && /\.tsx?$/.test(path) && !path.endsWith('.d.ts') && !/\/test\//.test(path)

const git = (args) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 28 })

function sources(ref) {
  const paths = (ref ? git(['ls-tree', '-r', '--name-only', ref]) : git(['ls-files']))
    .split('\n')
    .filter(counted)
  return paths.map((path) => ({
    path,
    text: ref ? git(['show', `${ref}:${path}`]) : readFileSync(path, 'utf8'),
  }))
}

const isFunction = (node) =>
  ts.isFunctionDeclaration(node) ||
  ts.isMethodDeclaration(node) ||
  ts.isConstructorDeclaration(node) ||
  ts.isGetAccessorDeclaration(node) ||
  ts.isSetAccessorDeclaration(node) ||
  ts.isArrowFunction(node) ||
  ts.isFunctionExpression(node)

function functionLengths({ path, text }) {
  const kind = path.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, kind)
  const lengths = []
  const visit = (node) => {
    if (isFunction(node)) {
      const start = file.getLineAndCharacterOfPosition(node.getStart(file)).line
      const end = file.getLineAndCharacterOfPosition(node.getEnd()).line
      lengths.push(end - start + 1)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return lengths
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]
const percent = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`

function metrics(files) {
  const lengths = files.flatMap(functionLengths).sort((a, b) => a - b)
  const lines = files.flatMap(({ text }) => text.split('\n'))
  return {
    files: files.length,
    functions: lengths.length,
    'median function length': percentile(lengths, 0.5),
    'p90 function length': percentile(lengths, 0.9),
    'functions over 50 lines': percent(lengths.filter((n) => n > 50).length, lengths.length),
    'files over 250 lines': files.filter(({ text }) => text.split('\n').length > 250).length,
    'lines over 100 characters': percent(lines.filter((l) => l.length > 100).length, lines.length),
  }
}

const result = metrics(sources(ref))
const scope = withConsole ? '' : ' (without console/src)'
process.stdout.write(`code metrics at ${ref ?? 'the working tree'}${scope}\n`)
for (const [name, value] of Object.entries(result)) process.stdout.write(`  ${name}: ${value}\n`)
