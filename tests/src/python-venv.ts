import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface PythonVenvOptions {
  /** Directory holding `requirements.txt`; the venv goes in `<dir>/.venv`. */
  dir: string
  /** Interpreter used to create the venv. */
  python?: string
  /** Bound on `pip install` (it downloads from PyPI on a fresh machine). */
  installTimeoutMs?: number
}

export const pythonVenvDefaults = {
  python: 'python3',
  installTimeoutMs: 300_000,
  /** The published iii-sdk needs Python 3.10 or newer. */
  minMinor: 10,
} as const

const hashFileName = '.requirements.sha256'

/**
 * Returns the venv's python for `<dir>/requirements.txt`, creating the venv and installing the
 * requirements when the venv is missing or was built from different requirements (a hash of
 * requirements.txt is stored inside the venv, written last so an interrupted install is redone).
 */
export async function ensurePythonVenv(options: PythonVenvOptions): Promise<string> {
  const { python, installTimeoutMs } = { ...pythonVenvDefaults, ...options }
  const venv = join(options.dir, '.venv')
  const venvPython = join(venv, process.platform === 'win32' ? 'Scripts/python.exe' : 'bin/python')
  const hashFile = join(venv, hashFileName)
  const requirements = join(options.dir, 'requirements.txt')
  const wanted = createHash('sha256')
    .update(await readFile(requirements))
    .digest('hex')
  const stored = await readFile(hashFile, 'utf8').catch(() => '')
  if (stored.trim() === wanted && existsSync(venvPython)) return venvPython

  await checkPython(python)
  await rm(venv, { recursive: true, force: true })
  await step('python3 -m venv', python, ['-m', 'venv', venv], 120_000)
  await step(
    'pip install -r requirements.txt',
    venvPython,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', requirements],
    installTimeoutMs,
  )
  await writeFile(hashFile, `${wanted}\n`)
  return venvPython
}

async function checkPython(python: string): Promise<void> {
  const probe = 'import sys; print("%d.%d" % sys.version_info[:2])'
  const out = await run(python, ['-c', probe]).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? `${python} is not on PATH` : error.message
    throw new Error(
      `The Python SDK conformance test needs ${python} (>= 3.${pythonVenvDefaults.minMinor}, with venv): ${why}`,
    )
  })
  const [major, minor] = out.stdout.trim().split('.').map(Number)
  if (major !== 3 || minor === undefined || minor < pythonVenvDefaults.minMinor)
    throw new Error(
      `The Python SDK conformance test needs Python >= 3.${pythonVenvDefaults.minMinor}; ${python} is ${out.stdout.trim()}`,
    )
}

async function step(what: string, file: string, args: string[], timeoutMs: number): Promise<void> {
  await run(file, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: Error & { stderr?: string; stdout?: string }) => {
      const output = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim().slice(-2000)
      throw new Error(
        `${what} failed (on Debian/Ubuntu, install python3-venv; pip needs access to PyPI): ${error.message}\n${output}`,
      )
    },
  )
}
