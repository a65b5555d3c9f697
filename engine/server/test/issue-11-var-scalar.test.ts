// biome-ignore-all lint/suspicious/noTemplateCurlyInString: config placeholders, not template literals
import { describe, expect, it } from 'vitest'
import { parseConfigText, workerCatalogue } from '../src/index'

const parse = (text: string, env: NodeJS.ProcessEnv) =>
  parseConfigText(text, { version: '9.9.9', catalogue: workerCatalogue, file: 'config.yaml', env })

/** A value that is YAML itself: it would open a second listener on every interface. */
const injected = 'x\n  - name: iii-worker-manager\n    config: { host: 0.0.0.0, port: 0 }\n#'

/**
 * Issue 11, row 9: a `${VAR}` whose value held a newline and YAML was pasted into the text
 * before parsing, so the value became YAML: it created a second, open listener on 0.0.0.0.
 * A value is now one string scalar; a placeholder in a comment is ignored.
 */
describe('${VAR} substitution', () => {
  it('inserts the value as one scalar, never as YAML', () => {
    const cfg = parse(
      'workers:\n  - name: iii-worker-manager\n    config: { port: 0 }\n  - name: iii-http\n    config: { host: ${HOST}, port: 0 }\n',
      { HOST: injected },
    )
    expect(cfg.workers.filter((w) => w.definition.name === 'iii-worker-manager')).toHaveLength(1)
    expect(cfg.workers.find((w) => w.instanceName === 'iii-http')?.config).toMatchObject({
      host: injected,
    })
  })

  it('keeps values with `:`, `#` and `{` as they are, and ignores a placeholder in a comment', () => {
    const value = 'a: b # c {d'
    const cfg = parse(
      '# ${UNSET_IN_COMMENT}\nworkers:\n  - name: iii-state\n    config: { adapter: { name: file, config: { file_path: "${P}" } } } # ${ALSO_UNSET}\n',
      { P: value },
    )
    expect(cfg.workers.find((w) => w.instanceName === 'iii-state')?.config).toMatchObject({
      adapter: { config: { file_path: value } },
    })
  })
})
