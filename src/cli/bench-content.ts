// The benchmark's content: the seed article alone fills no page of 20, so articles are written and published through the API, as editors do, from the scale benchmark's material.
import { articleAt } from './bench-scale-data.js'

/** Enough for a full first page with and without the filter (`language=ar&place=Moskau`), and for full feeds. */
export const articlesToPublish = 60
export const filteredList = '/v1/articles?language=ar&place=Moskau&limit=20'

async function call (origin: string, token: string, method: string, path: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(origin + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
  return response
}

/**
 * Creates and publishes `articlesToPublish` articles: two in three Arabic and from Moscow, so that
 * the filtered list fills its page too; the others English from the material's places.
 */
export async function publishArticles (origin: string, token: string): Promise<void> {
  for (let n = 0; n < articlesToPublish; n++) {
    // Material number 3 × n is Arabic; one two past a multiple of 3 (n itself, then) English.
    const arabic = n % 3 !== 2
    const article = articleAt(arabic ? 3 * n : n)
    const place = arabic ? { name: 'Moskau, Russland', locality: 'Moskau', country: 'Russland', countryCode: 'RU' } : article.place
    const draft = await call(origin, token, 'POST', '/v1/articles', {}, {
      title: article.title,
      language: article.language,
      sections: article.sections.map(({ heading, blocks }) => ({ heading, blocks })),
      metadata: { place, sources: [article.source] }
    })
    const { id } = await draft.json() as { id: string }
    await call(origin, token, 'POST', `/v1/articles/${id}/publish`, { 'if-match': draft.headers.get('etag') ?? '' }, {})
  }
}
