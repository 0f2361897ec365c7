// Translation provenance: how an article was translated. It lives in the article's own row,
// its `from` being the article's original language, so the two can never disagree.
import { invalidField } from '../errors.js'
import type { ProvenancePatchBody, TranslationProvenanceBody } from './schemas.js'

type Method = TranslationProvenanceBody['method']

/** The article columns that hold it. */
export interface ProvenanceColumns {
  originalLanguage: string | null
  translationMethod: Method | null
  translationEngine: string | null
  translationReviewedAt: string | null
}

const none = { translationMethod: null, translationEngine: null, translationReviewedAt: null } as const

/** The provenance an article shows: none until its method is recorded (an original language alone says less). */
export function provenanceOf (row: ProvenanceColumns): TranslationProvenanceBody | null {
  if (row.originalLanguage === null || row.translationMethod === null) return null
  return { from: row.originalLanguage, method: row.translationMethod, engine: row.translationEngine, reviewedAt: row.translationReviewedAt }
}

/**
 * The columns a write of `originalLanguage` and `translation` (a merge patch, or null for
 * none) leaves, from those stored; 400 naming the field when they disagree or when a
 * provenance would lack its language or method. Timestamps are stored in UTC.
 */
export function provenanceWrite (current: ProvenanceColumns, change: { originalLanguage?: string | null | undefined, translation?: ProvenancePatchBody | null | undefined }): Partial<ProvenanceColumns> {
  const { originalLanguage, translation } = change
  if (translation === undefined) {
    if (originalLanguage === undefined) return {}
    return originalLanguage === null ? { originalLanguage, ...none } : { originalLanguage }
  }
  // Without a provenance, the article is not said to be translated, unless the same write says from what.
  if (translation === null) return { originalLanguage: originalLanguage ?? null, ...none }
  if (originalLanguage !== undefined && translation.from !== undefined && originalLanguage !== translation.from) {
    throw invalidField('/translation/from', `is "${translation.from}" where originalLanguage is ${JSON.stringify(originalLanguage)}: they are one language, so send one of them or the same in both`)
  }
  const from = translation.from ?? originalLanguage ?? current.originalLanguage
  if (from === null) throw invalidField('/translation/from', 'is required: the article has no originalLanguage to take it from')
  const recorded = current.translationMethod !== null
  const method = translation.method ?? current.translationMethod
  if (method === null) throw invalidField('/translation/method', 'is required: the article has no translation method recorded yet')
  const reviewedAt = translation.reviewedAt === undefined ? (recorded ? current.translationReviewedAt : null) : translation.reviewedAt
  return {
    originalLanguage: from,
    translationMethod: method,
    translationEngine: translation.engine === undefined ? (recorded ? current.translationEngine : null) : translation.engine,
    translationReviewedAt: reviewedAt === null ? null : new Date(reviewedAt).toISOString()
  }
}

const englishNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' })

/**
 * The provenance as one plain English sentence or two, for partners' editors (feeds, ninjs'
 * editorial note, JSON-LD's translator): English, as syndication metadata is, whatever the
 * article's language.
 */
export function provenanceStatement (provenance: TranslationProvenanceBody): string {
  const language = englishNames.of(provenance.from) ?? provenance.from
  const engine = provenance.engine === null ? '' : ` (${provenance.engine})`
  const how = {
    machine: `Machine-translated from ${language}${engine}.`,
    human: `Translated from ${language} by a person.`,
    'machine-post-edited': `Machine-translated from ${language}${engine}, then edited by a person.`
  }[provenance.method]
  const review = provenance.reviewedAt === null ? 'Not reviewed by an editor yet.' : `Reviewed by an editor on ${provenance.reviewedAt.slice(0, 10)}.`
  return `${how} ${review}`
}
