// The HTML and plain text of an article for partners: escaping, language and direction, counts.
import t from 'tap'
import { articleHtml, articleText, characterCount, escapeHtml, leadHtml, leadText, wordCount } from '../src/articles/html.js'

const mixed = {
  language: 'ar',
  direction: 'rtl' as const,
  sections: [
    { heading: null, blocks: [{ type: 'paragraph' as const, text: 'أولى <b>"x" & \'y\'</b>' }, { type: 'paragraph' as const, text: 'سطر\nثان' }] },
    { heading: 'عنوان & <i>', blocks: [{ type: 'paragraph' as const, text: 'ثالثة' }] },
    { heading: 'فارغ', blocks: [] }
  ]
}

t.test('HTML marks language and direction and escapes every text', async (t) => {
  t.equal(articleHtml(mixed),
    '<div lang="ar" dir="rtl"><p>أولى &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p><p>سطر\nثان</p><h2>عنوان &amp; &lt;i&gt;</h2><p>ثالثة</p><h2>فارغ</h2></div>')
  t.equal(leadHtml(mixed), '<div lang="ar" dir="rtl"><p>أولى &lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;</p></div>')
  t.equal(articleHtml({ language: 'de-CH', direction: 'ltr', sections: [] }), '<div lang="de-CH" dir="ltr"></div>')
  t.equal(leadHtml({ language: 'en', direction: 'ltr', sections: [{ heading: 'Only a heading', blocks: [] }] }), '<div lang="en" dir="ltr"></div>')
  t.equal(escapeHtml('&amp; <>"\''), '&amp;amp; &lt;&gt;&quot;&#39;', 'an entity in the text is text, escaped again')
})

t.test('plain text keeps every character and separates pieces by a blank line', async (t) => {
  t.equal(articleText(mixed), 'أولى <b>"x" & \'y\'</b>\n\nسطر\nثان\n\nعنوان & <i>\n\nثالثة\n\nفارغ')
  t.equal(leadText(mixed), 'أولى <b>"x" & \'y\'</b>')
  t.equal(leadText({ ...mixed, sections: [] }), '')
})

t.test('counts characters as code points and words by the language\'s rules', async (t) => {
  const article = {
    language: 'en',
    direction: 'ltr' as const,
    sections: [{ heading: 'Two words', blocks: [{ type: 'paragraph' as const, text: 'It\'s 3 o\'clock — 😀 ok.' }] }]
  }
  // "Two words" is 9; the paragraph is 22 code points (23 UTF-16 units: the emoji is two).
  t.equal(characterCount(article), 9 + 22)
  t.equal(wordCount(article), 2 + 4, 'Two, words; It\'s, 3, o\'clock, ok (the dash and emoji are not words)')
  t.equal(wordCount({ language: 'ar', direction: 'rtl', sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'وقف إطلاق النار، 30 يومًا.' }] }] }), 5)
  t.equal(wordCount({ language: 'de-1996-1996', direction: 'ltr', sections: [{ heading: null, blocks: [{ type: 'paragraph', text: 'Zwei Wörter' }] }] }), 2, 'a tag ICU refuses falls back to the default rules')
})
