// The sitemaps as XML: the index of the article files, a file of articles with their hreflang alternates, and the Google News sitemap.
import type { CanonicalUrl } from '../articles/links.js'
import { element, textElement, xmlDocument, type XmlElement } from '../feeds/xml.js'
import type { NewsEntry, SitemapArticle, SitemapEntry } from './repository.js'

const sitemapNamespace = 'http://www.sitemaps.org/schemas/sitemap/0.9'
const xhtmlNamespace = 'http://www.w3.org/1999/xhtml'
const newsNamespace = 'http://www.google.com/schemas/sitemap-news/0.9'

/** The article's page: it has one, being public, and the template is set where sitemaps are written. */
function pageOf (canonicalUrl: CanonicalUrl, article: SitemapArticle): string {
  return canonicalUrl(article) ?? ''
}

/** The index: where each file of articles is. */
export function sitemapIndex (files: readonly string[]): string {
  return xmlDocument(element('sitemapindex', { xmlns: sitemapNamespace },
    ...files.map((loc) => element('sitemap', {}, textElement('loc', loc)))
  ))
}

/**
 * The member of a group that readers of any other language are sent to (`x-default`): the
 * article the group grew from (a group is named by the id of its first article, the one its
 * first translation was made from) while it is public, else the first published.
 */
function defaultMember (group: string | null, members: readonly SitemapArticle[]): SitemapArticle | undefined {
  const earlier = (a: SitemapArticle, b: SitemapArticle) => a.firstPublishedAt < b.firstPublishedAt || (a.firstPublishedAt === b.firstPublishedAt && a.id < b.id)
  return members.find((member) => member.id === group) ??
    members.reduce<SitemapArticle | undefined>((first, member) => first === undefined || earlier(member, first) ? member : first, undefined)
}

/**
 * The alternates of an article that has public translations: every public member of its group,
 * itself included (search engines want the page to name itself), by language, then x-default.
 * An article alone in its language has none.
 */
function alternates (canonicalUrl: CanonicalUrl, entry: SitemapEntry): XmlElement[] {
  if (entry.members.length < 2) return []
  const link = (hreflang: string, member: SitemapArticle) => element('xhtml:link', { rel: 'alternate', hreflang, href: pageOf(canonicalUrl, member) })
  const fallback = defaultMember(entry.group, entry.members)
  return [...entry.members.map((member) => link(member.language, member)), ...fallback === undefined ? [] : [link('x-default', fallback)]]
}

/** A file of articles: each page with its last change and its alternates in other languages. */
export function articleSitemap (canonicalUrl: CanonicalUrl, entries: readonly SitemapEntry[]): string {
  return xmlDocument(element('urlset', { xmlns: sitemapNamespace, 'xmlns:xhtml': xhtmlNamespace },
    ...entries.map((entry) => element('url', {},
      textElement('loc', pageOf(canonicalUrl, entry)),
      textElement('lastmod', entry.updatedAt),
      ...alternates(canonicalUrl, entry)
    ))
  ))
}

/**
 * A language as Google News names it: the ISO 639 code alone (`ar` for `ar-EG`), but Chinese,
 * which is `zh-tw` in traditional script (`zh-Hant`, or Taiwan, Hong Kong or Macao) and `zh-cn` otherwise.
 */
function newsLanguage (tag: string): string {
  const [language = '', ...subtags] = tag.toLowerCase().split('-')
  if (language !== 'zh') return language
  return subtags.some((subtag) => ['hant', 'tw', 'hk', 'mo'].includes(subtag)) ? 'zh-tw' : 'zh-cn'
}

/** The Google News sitemap: each recent article's page, with the publication, its first publication and title. */
export function newsSitemap (canonicalUrl: CanonicalUrl, publication: string, entries: readonly NewsEntry[]): string {
  return xmlDocument(element('urlset', { xmlns: sitemapNamespace, 'xmlns:news': newsNamespace },
    ...entries.map((entry) => element('url', {},
      textElement('loc', pageOf(canonicalUrl, entry)),
      element('news:news', {},
        element('news:publication', {},
          textElement('news:name', publication),
          textElement('news:language', newsLanguage(entry.language))
        ),
        textElement('news:publication_date', entry.firstPublishedAt),
        textElement('news:title', entry.title)
      )
    ))
  ))
}
