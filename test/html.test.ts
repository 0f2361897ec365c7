// The HTML and plain text of an article for partners: escaping, language and direction, every kind of block and mark, counts.
import t from 'tap'
import { articleHtml, articleText, characterCount, escapeHtml, leadHtml, leadText, markedHtml, wordCount, type RenderedArticle } from '../src/articles/html.js'
import type { PictureBody } from '../src/media/schemas.js'
import type { BlockBody, MarkBody } from '../src/sections/schemas.js'
import { parsed, type Tree } from './formats-helper.js'

const mixed = {
  language: 'ar',
  direction: 'rtl' as const,
  sections: [
    { heading: null, blocks: [{ type: 'paragraph' as const, text: 'أولى <b>"x" & \'y\'</b>' }, { type: 'paragraph' as const, text: 'سطر\nثان' }] },
    { heading: 'عنوان & <i>', blocks: [{ type: 'paragraph' as const, text: 'ثالثة' }] },
    { heading: 'فارغ', blocks: [] }
  ],
  pictures: []
}

t.test('HTML marks language and direction and escapes every text', async (t) => {
  t.equal(articleHtml(mixed),
    '<div lang="ar" dir="rtl"><p>أولى &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p><p>سطر\nثان</p><h2>عنوان &amp; &lt;i&gt;</h2><p>ثالثة</p><h2>فارغ</h2></div>')
  t.equal(leadHtml(mixed), '<div lang="ar" dir="rtl"><p>أولى &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p></div>')
  t.equal(articleHtml({ language: 'de-CH', direction: 'ltr', sections: [], pictures: [] }), '<div lang="de-CH" dir="ltr"></div>')
  t.equal(leadHtml({ language: 'en', direction: 'ltr', sections: [{ heading: 'Only a heading', blocks: [] }], pictures: [] }), '<div lang="en" dir="ltr"></div>')
  t.equal(escapeHtml('&amp; <>"\''), '&amp;amp; &lt;&gt;&quot;&#39;', 'an entity in the text is text, escaped again')
})

t.test('plain text keeps every character and separates pieces by a blank line', async (t) => {
  t.equal(articleText(mixed), 'أولى <b>"x" & \'y\'</b>\n\nسطر\nثان\n\nعنوان & <i>\n\nثالثة\n\nفارغ')
  t.equal(leadText(mixed), 'أولى <b>"x" & \'y\'</b>')
  t.equal(leadText({ ...mixed, sections: [], pictures: [] }), '')
})

t.test('counts characters as code points and words by the language\'s rules', async (t) => {
  const article = {
    language: 'en',
    direction: 'ltr' as const,
    sections: [{ heading: 'Two words', blocks: [{ type: 'paragraph' as const, text: 'It\'s 3 o\'clock — 😀 ok.' }] }],
    pictures: []
  }
  // "Two words" is 9; the paragraph is 22 code points (23 UTF-16 units: the emoji is two).
  t.equal(characterCount(article), 9 + 22)
  t.equal(wordCount(article), 2 + 4, 'Two, words; It\'s, 3, o\'clock, ok (the dash and emoji are not words)')
  t.equal(wordCount({ language: 'ar', direction: 'rtl', sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'وقف إطلاق النار، 30 يومًا.' }] }], pictures: [] }), 5)
  t.equal(wordCount({ language: 'de-1996-1996', direction: 'ltr', sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'Zwei Wörter' }] }], pictures: [] }), 2, 'a tag ICU refuses falls back to the default rules')
})

const nasty = '<&"\'> <script>alert(1)</script>'
const cp = (text: string) => [...text].length

function pictureOf (id: string, caption: string | null, credit: string | null): PictureBody {
  const base = `https://cms.example/v1/media/${id}`
  return {
    id,
    type: 'image/jpeg',
    width: 2000,
    height: 1125,
    alt: { ar: `صورة ${nasty}`, en: `A picture ${nasty}` },
    caption,
    credit,
    copyrightNotice: null,
    placeholder: 'AAAA',
    renditions: (['avif', 'webp', 'jpeg'] as const).flatMap((format) => [320, 640, 960, 1280, 1920].map((width) => ({ width, format, url: `${base}?w=${width}&format=${format}` }))),
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z'
  }
}

const jpegs = (id: string) => [320, 640, 960, 1280, 1920].map((width) => `https://cms.example/v1/media/${id}?w=${width}&format=jpeg ${width}w`).join(', ')

/** The words of each language the article is made of; emoji are astral, so code points and UTF-16 units differ. */
const languages = [
  {
    language: 'ar',
    direction: 'rtl' as const,
    heading: `عنوان ${nasty}`,
    before: 'قال 🕊️ ',
    strongStart: 'ويتكوف ',
    emphasized: 'إن السلام 🇷🇺',
    strongEnd: ' ممكن',
    link: '«المصدر»',
    after: ` ${nasty} 😀`,
    quote: 'تعد الأشهر المقبلة 🕊️ بمرحلة مثيرة.',
    attribution: `ستيف ويتكوف ${nasty}`,
    items: ['أولا 🇷🇺', 'ثانيا'],
    caption: `ويتكوف في موسكو ${nasty}`,
    pictureCaption: 'موسكو',
    credit: `وكالة ${nasty}`,
    fallback: `فيديو ${nasty}`,
    alt: `صورة ${nasty}`
  },
  {
    language: 'en',
    direction: 'ltr' as const,
    heading: `Heading ${nasty}`,
    before: 'He said 🕊️ ',
    strongStart: 'that ',
    emphasized: 'peace 🇷🇺',
    strongEnd: ' is near',
    link: '“the source”',
    after: ` ${nasty} 😀`,
    quote: 'The coming months 🕊️ promise to be exciting.',
    attribution: `Steve Witkoff ${nasty}`,
    items: ['First 🇷🇺', 'Second'],
    caption: `Witkoff in Moscow ${nasty}`,
    pictureCaption: 'Moscow',
    credit: `Agency ${nasty}`,
    fallback: `A video ${nasty}`,
    alt: `A picture ${nasty}`
  }
]

const href = 'https://example.org/a?b=1&c=\'2\'#"x"'
const embedUrl = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1'

for (const words of languages) {
  const paragraph = words.before + words.strongStart + words.emphasized + words.strongEnd + words.link + words.after
  const strongFrom = cp(words.before)
  const emphasisFrom = strongFrom + cp(words.strongStart)
  const linkFrom = emphasisFrom + cp(words.emphasized) + cp(words.strongEnd)
  const linkTo = linkFrom + cp(words.link)
  const article: RenderedArticle = {
    language: words.language,
    direction: words.direction,
    sections: [
      {
        heading: null,
        blocks: [
          {
            type: 'paragraph',
            text: paragraph,
            marks: [
              { type: 'link', start: linkFrom, end: linkTo, href },
              { type: 'strong', start: strongFrom, end: linkFrom },
              { type: 'emphasis', start: emphasisFrom, end: emphasisFrom + cp(words.emphasized) },
              // The same range as the link: written after it, so inside it.
              { type: 'emphasis', start: linkFrom, end: linkTo }
            ]
          },
          { type: 'quote', text: words.quote, attribution: words.attribution, marks: [{ type: 'strong', start: 0, end: cp(words.quote) }] },
          { type: 'quote', text: words.quote }
        ]
      },
      {
        heading: words.heading,
        blocks: [
          { type: 'list', ordered: true, items: [{ text: words.items[0]!, marks: [{ type: 'emphasis', start: cp(words.items[0]!) - 1, end: cp(words.items[0]!) }] }, { text: words.items[1]! }] },
          { type: 'list', ordered: false, items: [{ text: words.items[1]! }] },
          { type: 'image', id: 'p1', caption: words.caption },
          { type: 'image', id: 'p2' },
          { type: 'image', id: 'p3' },
          { type: 'image', id: 'not-held' },
          { type: 'embed', url: embedUrl, provider: `YouTube ${nasty}`, fallback: words.fallback },
          // A kind of block from a later version: skipped.
          { type: 'poll', question: 'Skip me?' } as unknown as BlockBody
        ]
      }
    ],
    pictures: [pictureOf('p1', words.pictureCaption, words.credit), pictureOf('p2', words.pictureCaption, null), pictureOf('p3', null, null)]
  }

  t.test(`every block and every mark as HTML, in ${words.language} (${words.direction})`, async (t) => {
    const html = articleHtml(article)
    const img = (id: string) => ['img', { src: `https://cms.example/v1/media/${id}?w=1280&format=jpeg`, srcset: jpegs(id), sizes: '100vw', width: '2000', height: '1125', alt: words.alt }, []] as Tree
    t.strictSame(parsed(html), [['div', { lang: words.language, dir: words.direction }, [
      ['p', {}, [
        words.before,
        ['strong', {}, [words.strongStart, ['em', {}, [words.emphasized]], words.strongEnd]],
        ['a', { href }, [['em', {}, [words.link]]]],
        words.after
      ]],
      ['figure', {}, [['blockquote', {}, [['p', {}, [['strong', {}, [words.quote]]]]]], ['figcaption', {}, [`— ${words.attribution}`]]]],
      ['blockquote', {}, [['p', {}, [words.quote]]]],
      ['h2', {}, [words.heading]],
      ['ol', {}, [['li', {}, [[...words.items[0]!].slice(0, -1).join(''), ['em', {}, ['🇷🇺'.slice(-2)]]]], ['li', {}, [words.items[1]!]]]],
      ['ul', {}, [['li', {}, [words.items[1]!]]]],
      ['figure', {}, [img('p1'), ['figcaption', {}, [`${words.caption} `, ['small', {}, [words.credit]]]]]],
      ['figure', {}, [img('p2'), ['figcaption', {}, [words.pictureCaption]]]],
      ['figure', {}, [img('p3')]],
      ['figure', { class: 'embed' }, [['a', { href: embedUrl }, [words.fallback]], ['figcaption', {}, [`YouTube ${nasty}`]]]]
    ]]])
    t.notMatch(html, /<script|<iframe/i, 'no script, no frame')
  })

  t.test(`plain text and counts of every block, in ${words.language}`, async (t) => {
    t.equal(articleText(article), [
      paragraph,
      `${words.quote}\n— ${words.attribution}`,
      words.quote,
      words.heading,
      `${words.items[0]}\n${words.items[1]}`,
      words.items[1],
      words.fallback
    ].join('\n\n'))
    const pieces = [paragraph, words.quote, words.attribution, words.quote, words.heading, ...words.items, words.items[1]!, words.fallback]
    t.equal(characterCount(article), pieces.reduce((total, piece) => total + cp(piece), 0))
    t.equal(leadText(article), paragraph)
    t.strictSame(parsed(leadHtml(article)), [['div', { lang: words.language, dir: words.direction }, [['p', {}, [paragraph]]]]], 'the lead is the first paragraph, without marks')
  })
}

t.test('marks split text on code points, not UTF-16 units', async (t) => {
  // 😀 is one code point and two UTF-16 units: a range in units would cut it in half.
  t.equal(markedHtml('😀a😀b', [{ type: 'strong', start: 1, end: 3 }]), '😀<strong>a😀</strong>b')
  t.equal(markedHtml('ab', [{ type: 'emphasis', start: 0, end: 2 }, { type: 'strong', start: 0, end: 2 }]), '<em><strong>ab</strong></em>', 'the same range: the first written outside')
  t.equal(markedHtml('abc', [{ type: 'strong', start: 2, end: 3 }, { type: 'emphasis', start: 0, end: 2 }]), '<em>ab</em><strong>c</strong>', 'marks that touch, in any order written')
})

t.test('marks the writes refuse still render as well-formed HTML', async (t) => {
  t.equal(markedHtml('abcdef', [{ type: 'strong', start: 0, end: 3 }, { type: 'emphasis', start: 2, end: 5 }]), '<strong>ab<em>c</em></strong>def', 'a crossing mark is cut at the end of the one around it')
  t.equal(markedHtml('abc', [{ type: 'link', start: 0, end: 3, href: 'https://a.example/' }, { type: 'link', start: 1, end: 2, href: 'https://b.example/' }]), '<a href="https://a.example/">abc</a>', 'no link inside a link')
  t.equal(markedHtml('abc', [{ type: 'strong', start: 1, end: 9 }]), 'a<strong>bc</strong>', 'a mark past the end stops at it')
  t.equal(markedHtml('abc', [{ type: 'underline', start: 0, end: 1 } as unknown as MarkBody]), 'abc', 'a kind of mark from a later version shows its text plain')
})
