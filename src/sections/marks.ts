// Marks over a text, and the rules about them that JSON Schema cannot state: each inside the
// text, none crossing another, no link inside a link. Checked by the validator on every body
// that holds marked text, through the `x-marks` keyword its schemas carry.
import type { FuncKeywordDefinition } from 'ajv'

/** The keyword that marks a schema of text with marks: `{ text, marks? }`. */
export const marksKeyword = 'x-marks'

interface Range {
  type: string
  start: number
  end: number
}

/** What is wrong with the marks of a text: the index of the first mark at fault and why; undefined when nothing is. */
export function markProblem (text: string, marks: readonly Range[]): { index: number, detail: string } | undefined {
  const length = [...text].length
  for (const [index, mark] of marks.entries()) {
    if (mark.start >= mark.end) return { index, detail: `starts at ${mark.start}, which is not before its end ${mark.end}` }
    if (mark.end > length) return { index, detail: `ends at ${mark.end}, after the end of the text (${length} code points)` }
  }
  // Outer marks first: by start, the longer first, then as written. Each mark then either
  // lies after the marks still open (which close) or inside the innermost one.
  const order = marks.map((mark, index) => ({ ...mark, index }))
    .sort((a, b) => a.start - b.start || b.end - a.end || a.index - b.index)
  const open: typeof order = []
  for (const mark of order) {
    while (open.length > 0 && open[open.length - 1]!.end <= mark.start) open.pop()
    const holder = open[open.length - 1]
    if (holder !== undefined && mark.end > holder.end) {
      return { index: mark.index, detail: `crosses mark ${holder.index} (${holder.start}–${holder.end}): marks must be apart or one inside the other` }
    }
    if (mark.type === 'link') {
      const link = open.find((outer) => outer.type === 'link')
      if (link !== undefined) return { index: mark.index, detail: `is a link inside link ${link.index}, which HTML cannot show` }
    }
    open.push(mark)
  }
  return undefined
}

function isRange (value: unknown): value is Range {
  if (typeof value !== 'object' || value === null) return false
  const { type, start, end } = value as Record<string, unknown>
  return typeof type === 'string' && Number.isInteger(start) && Number.isInteger(end)
}

type MarksValidator = ((schema: unknown, data: unknown, parentSchema?: unknown, context?: { instancePath: string }) => boolean) & { errors?: unknown[] }

/**
 * Ajv's `x-marks` keyword: refuses marks that break the rules, naming the mark
 * (`/sections/0/blocks/2/marks/1`). What is not text with marks is left to the schema.
 */
const validateMarks: MarksValidator = (_schema, data, _parentSchema, context) => {
  validateMarks.errors = []
  if (typeof data !== 'object' || data === null) return true
  const { text, marks } = data as Record<string, unknown>
  if (typeof text !== 'string' || !Array.isArray(marks) || !marks.every(isRange)) return true
  const problem = markProblem(text, marks)
  if (problem === undefined) return true
  // `custom`, like `invalidField`'s refusals: a rule of ours, beyond what the schema states.
  validateMarks.errors = [{
    keyword: 'custom',
    instancePath: `${context?.instancePath ?? ''}/marks/${problem.index}`,
    params: {},
    message: problem.detail
  }]
  return false
}

export const marksKeywordDefinition: FuncKeywordDefinition = {
  keyword: marksKeyword,
  type: 'object',
  schemaType: 'boolean',
  errors: true,
  validate: validateMarks as FuncKeywordDefinition['validate']
}
