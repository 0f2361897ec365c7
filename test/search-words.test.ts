// Search's text core without a database: the terms words are indexed under, what a reader's `q` means, and the excerpt.
import t from 'tap'
import type { Test } from 'tap'
import { highlight } from '../src/search/highlight.js'
import { maxClauses, maxQueryLength, parseQuery, type SearchQuery } from '../src/search/query.js'
import { indexTerm, prefixTerm, words } from '../src/search/words.js'

// Words and a sentence from the seed article (../shared/seed-article.txt).
const ukraine = 'أوكرانيا'
const sentence = 'وفقًا لـ Witkoff ، الذي زار موسكو مرتين في الأسابيع القليلة الماضية ، يدرك بوتين جيدًا الصعوبات السياسية التي يواجهها ترامب.'

const terms = (text: string): string[] => words(text).map((word) => word.term)

function query (q: string, options: { prefix?: boolean } = {}): SearchQuery {
  const parsed = parseQuery(q, options)
  if ('error' in parsed) throw new Error(`unexpected error for ${q}: ${parsed.error}`)
  return parsed
}

t.test('Arabic: the spellings of one word are one term', async (t) => {
  t.test('hamza forms of alef are bare alef', async (t) => {
    for (const spelling of [ukraine, 'اوكرانيا', 'إوكرانيا', 'آوكرانيا', 'ٱوكرانيا']) t.equal(indexTerm(spelling), 'اوكرانيا', spelling)
  })

  t.test('hamza on waw and ya is the bare hamza, so both conventions meet', async (t) => {
    t.equal(indexTerm('مسؤول'), 'مسءول')
    t.equal(indexTerm('مسئول'), 'مسءول')
    t.equal(indexTerm('شؤون'), indexTerm('شئون'))
    t.equal(indexTerm('رئيس'), 'رءيس', 'the seed\'s رئيس')
    t.equal(indexTerm('شاطئ'), 'شاطء', 'the hamza\'s seat is not taken for the suffix ي')
    t.equal(indexTerm('شاطىء'), 'شاطء', 'ىء is written for ئ')
    t.equal(indexTerm('شيء'), 'شيء', 'a dotted ya before hamza is a letter of its own')
  })

  t.test('diacritics are ignored', async (t) => {
    t.equal(indexTerm('أُوكْرَانِيَا'), 'اوكرانيا')
    t.equal(indexTerm('وفقًا'), indexTerm('وفقا'))
    t.equal(indexTerm('هٰذا'), 'هذا', 'superscript alef U+0670')
    t.equal(indexTerm('مُتَّحِدَةٌ'), indexTerm('متحدة'), 'shadda and tanween')
  })

  t.test('tatweel is ignored, and the word keeps its length in the text', async (t) => {
    t.same(words('أوكـــرانيا'), [{ term: 'اوكرانيا', start: 0, end: 11 }])
  })

  t.test('alef maqsura is ya, ta marbuta is ha', async (t) => {
    t.equal(indexTerm('على'), 'علي')
    t.equal(indexTerm('علي'), 'علي')
    t.equal(indexTerm('قوة'), 'قوه')
    t.equal(indexTerm('قوه'), 'قوه')
    t.equal(indexTerm('المتحدة'), indexTerm('المتحده'))
  })

  t.test('Persian and Urdu ی and ک are ي and ك', async (t) => {
    t.equal(indexTerm('کتاب'), 'كتاب')
    t.equal(indexTerm('بیت'), 'بيت')
    t.equal(indexTerm('روسیه'), 'روس')
    t.equal(indexTerm('روسيه'), 'روس')
  })

  t.test('a hamza typed as a separate mark, and presentation forms, are the letters they show', async (t) => {
    t.equal(indexTerm('ا\u0654وكرانيا'), 'اوكرانيا', 'alef + hamza above')
    t.equal(indexTerm('مسو\u0654ول'), 'مسءول', 'waw + hamza above composes to ؤ first')
    t.equal(indexTerm('ﻷوكرانيا'), 'لاوكرانيا', 'the lam-alef ligature')
  })
})

t.test('digits: Arabic-Indic and Eastern Arabic-Indic are ASCII digits, both ways', async (t) => {
  t.equal(indexTerm('2025'), '2025')
  t.equal(indexTerm('٢٠٢٥'), '2025')
  t.equal(indexTerm('۲۰۲۵'), '2025')
  t.equal(indexTerm('٠١٢٣٤٥٦٧٨٩'), '0123456789')
  t.equal(indexTerm('۰۱۲۳۴۵۶۷۸۹'), '0123456789')
  t.same(terms('في ٢٣ مارس ٢٠٢٥'), terms('في 23 مارس 2025'))
  t.same(terms('في 23 مارس 2025'), ['في', '23', 'مارس', '2025'])
  t.equal(indexTerm('٢٠٢٥م'), '2025م', 'digits and letters in one word')
})

t.test('the Arabic light stemmer (light10)', async (t) => {
  t.test('one article or conjunction prefix goes', async (t) => {
    for (const word of ['الأوكرانية', 'والأوكرانية', 'بالأوكرانية', 'كالأوكرانية', 'فالأوكرانية', 'للأوكرانية']) {
      t.equal(indexTerm(word), 'اوكران', word)
    }
    t.equal(indexTerm('بالولايات'), 'ولا')
    t.equal(indexTerm('الولايات'), 'ولا')
    t.equal(indexTerm('وأوكرانيا'), 'اوكرانيا', 'و')
    t.equal(indexTerm('ويتكوف'), 'يتكوف', 'و leaves 5 letters')
    t.equal(indexTerm('وفقًا'), 'فقا', 'و goes when 3 letters remain, as light10 has it')
  })

  t.test('prefixes go only if enough letters remain', async (t) => {
    t.equal(indexTerm('وقف'), 'وقف', 'و needs 3 letters after it')
    t.equal(indexTerm('إلى'), 'الي', 'an article needs 2 letters after it')
    t.equal(indexTerm('الذي'), 'ذي', 'and takes them when it has them')
  })

  t.test('suffixes go in light10\'s order, one pass, a stem keeping 3 letters', async (t) => {
    t.equal(indexTerm('بوتين'), 'بوت', 'ين')
    t.equal(indexTerm('الأوكرانيين'), 'اوكران', 'ين, then ي')
    t.equal(indexTerm('الصعوبات'), 'صعوب', 'ات')
    t.equal(indexTerm('يواجهها'), 'يواج', 'ها, then ه')
    t.equal(indexTerm('الماضية'), 'ماض', 'ية (يه after normalization)')
    t.equal(indexTerm('مرتين'), 'مرت')
  })

  t.test('short words are not over-stemmed', async (t) => {
    t.equal(indexTerm('ماء'), 'ماء')
    t.equal(indexTerm('بيت'), 'بيت')
    t.equal(indexTerm('على'), 'علي', 'not عل')
    t.equal(indexTerm('عيون'), 'عيون', 'not عي')
    t.equal(indexTerm('بنات'), 'بنات', 'not بن')
  })
})

t.test('Latin scripts: case, diacritics and ß are folded; nothing is stemmed', async (t) => {
  t.equal(indexTerm('Straße'), 'strasse')
  t.equal(indexTerm('STRASSE'), 'strasse')
  t.equal(indexTerm('STRAẞE'), 'strasse')
  for (const spelling of ['Selenskyj', 'SELENSKYJ', 'Sélenskyj', 'Se\u0301lenskyj']) t.equal(indexTerm(spelling), 'selenskyj', spelling)
  t.equal(indexTerm('Moskau'), 'moskau')
  t.equal(indexTerm('ＷＩＴＫＯＦＦ'), 'witkoff', 'full-width letters')
  t.equal(indexTerm('Witkoffs'), 'witkoffs', 'no stemming')
  t.equal(indexTerm('ΟΔΟΣ'), 'οδοσ', 'Greek final sigma')
  t.equal(indexTerm('कि'), 'कि', 'a Devanagari vowel sign is a letter\'s vowel, not a diacritic')
})

t.test('a Latin name inside Arabic text is a Latin word, found either way', async (t) => {
  t.same(words(sentence).slice(0, 4), [
    { term: 'فقا', start: 0, end: 5 },
    { term: 'ل', start: 6, end: 8 },
    { term: 'witkoff', start: 9, end: 16 },
    { term: 'ذي', start: 19, end: 23 }
  ])
  t.same(words('لـWitkoff'), [{ term: 'ل', start: 0, end: 2 }, { term: 'witkoff', start: 2, end: 9 }], 'written against the Arabic, still its own word')
  t.equal(indexTerm('WITKOFF'), 'witkoff')
})

t.test('words: offsets in code points of the original text', async (t) => {
  t.same(words('😀 بوتين'), [{ term: 'بوت', start: 2, end: 7 }], 'an emoji is one code point, two UTF-16 units')
  t.same(words('🇺🇦 Witkoff 😀بوتين'), [{ term: 'witkoff', start: 3, end: 10 }, { term: 'بوت', start: 12, end: 17 }])
  t.same(words('𝔸𝕓c 𝔸'), [{ term: 'abc', start: 0, end: 3 }, { term: 'a', start: 4, end: 5 }], 'letters outside the BMP')
  const text = '👍🏽 «الأمل في أوكرانيا!»'
  const characters = [...text]
  for (const word of words(text)) {
    t.equal(indexTerm(characters.slice(word.start, word.end).join('')), word.term, `${word.term} is at its offsets`)
  }
  t.equal(words(text).length, 3)
})

t.test('words: joiners, separators and empty terms', async (t) => {
  t.same(words('می‌خواهم'), [{ term: 'ميخواهم', start: 0, end: 8 }], 'ZWNJ inside a word keeps it one word, and leaves the term')
  t.same(words('x\u200C y\u200D'), [{ term: 'x', start: 0, end: 1 }, { term: 'y', start: 3, end: 4 }], 'a joiner at an edge is not part of the word')
  t.same(terms("Witkoff's"), ['witkoff', 's'], 'an apostrophe splits words')
  t.same(words('ـــ ❤️ ، \u064B'), [], 'tatweel, emoji, punctuation and a lone mark are no words')
  t.same(words(''), [])
  t.same(terms('a\u0000b\uD800c'), ['a', 'b', 'c'], 'control characters and lone surrogates separate words')
})

t.test('prefix terms: a start of a word finds the word', async (t) => {
  t.equal(prefixTerm('أوكر'), 'اوكر')
  t.equal(prefixTerm('الأوكر'), 'اوكر')
  t.ok(indexTerm('أوكرانيا').startsWith(prefixTerm('أوكر')))
  t.ok(indexTerm('الأوكرانية').startsWith(prefixTerm('الأوكر')))
  t.ok(indexTerm('الأوكرانية').startsWith(prefixTerm('أوكر')))
  t.equal(prefixTerm('بوتين'), 'بوت', 'a word typed out in full finds itself, whose suffix the index stripped')
  t.equal(prefixTerm('SELENS'), 'selens')
})

t.test('parseQuery: words, phrases, prefixes and exclusions', async (t) => {
  t.same(query('أوكرانيا Witkoff'), {
    include: [{ kind: 'term', term: 'اوكرانيا', prefix: false }, { kind: 'term', term: 'witkoff', prefix: false }],
    exclude: []
  })
  t.same(query('"الولايات المتحدة"').include, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }])
  t.same(query('"الولايات المتحدة').include, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }], 'an unclosed quote runs to the end')
  t.same(query('«الولايات المتحدة»').include, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }], 'angle quotes')
  t.same(query('“الولايات المتحدة”').include, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }], 'curly quotes')
  t.same(query('"بوتين"').include, [{ kind: 'term', term: 'بوت', prefix: false }], 'a one-word phrase is a term')
  t.same(query('أوكر*').include, [{ kind: 'term', term: 'اوكر', prefix: true }])
  t.same(query('الأوكر**').include, [{ kind: 'term', term: 'اوكر', prefix: true }])
  t.same(query('بوتين -ترامب'), { include: [{ kind: 'term', term: 'بوت', prefix: false }], exclude: [{ kind: 'term', term: 'ترامب', prefix: false }] })
  t.same(query('بوتين -"الولايات المتحدة"').exclude, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }])
  t.same(query('U.S. 9/11').include, [{ kind: 'phrase', terms: ['u', 's'] }, { kind: 'phrase', terms: ['9', '11'] }], 'words joined by punctuation stay together')
  t.same(query("Witkoff's*").include, [{ kind: 'term', term: 'witkoff', prefix: false }, { kind: 'term', term: 's', prefix: true }])
  t.same(query('بوتين بوتين "بوتين" بوتين*').include, [{ kind: 'term', term: 'بوت', prefix: false }, { kind: 'term', term: 'بوت', prefix: true }], 'duplicates dropped')
  t.same(query('٢٠٢٥').include, query('2025').include)
  t.same(query('أوكرانيا').include, query('اوكرانيا').include)
})

t.test('parseQuery: as you type, the last word is a prefix', async (t) => {
  t.same(query('بوتين ترا', { prefix: true }).include, [{ kind: 'term', term: 'بوت', prefix: false }, { kind: 'term', term: 'ترا', prefix: true }])
  t.same(query('بوتين ترا').include, [{ kind: 'term', term: 'بوت', prefix: false }, { kind: 'term', term: 'ترا', prefix: false }])
  t.same(query('ترا بوتين -', { prefix: true }).include, [{ kind: 'term', term: 'ترا', prefix: false }, { kind: 'term', term: 'بوت', prefix: true }], 'trailing punctuation is no word')
  t.same(query('"الولايات المتح', { prefix: true }).include, [{ kind: 'term', term: 'ولا', prefix: false }, { kind: 'term', term: 'متح', prefix: true }], 'a phrase still being typed')
  t.same(query('"الولايات المتحدة"', { prefix: true }).include, [{ kind: 'phrase', terms: ['ولا', 'متحد'] }], 'a closed phrase is finished')
  t.same(query('بوتين -ترا', { prefix: true }).exclude, [{ kind: 'term', term: 'ترا', prefix: false }], 'a word being excluded is not a prefix')
})

t.test('parseQuery: hostile input is plain words', async (t) => {
  const plain = (term: string) => ({ kind: 'term', term, prefix: false })
  t.same(query('NEAR').include, [plain('near')])
  t.same(query('بوتين NEAR ترامب').include, [plain('بوت'), plain('near'), plain('ترامب')])
  t.same(query('بوتين AND ترامب OR NOT Witkoff').include, [plain('بوت'), plain('and'), plain('ترامب'), plain('or'), plain('not'), plain('witkoff')])
  t.same(query('(بوتين OR ترامب)').include, [plain('بوت'), plain('or'), plain('ترامب')])
  t.same(query('title:بوتين^2 +Witkoff \\ ترامب\\').include, [{ kind: 'phrase', terms: ['title', 'بوت', '2'] }, plain('witkoff'), plain('ترامب')])
  t.same(query('a\u0000b \u0007c\u001F \uD800d\uDFFF').include, [{ kind: 'phrase', terms: ['a', 'b'] }, plain('c'), plain('d')], 'control characters and lone surrogates')
  t.same(query('"""بوتين""').include, [plain('بوت')], 'quotes in a row')
  t.same(query('-"بوتين" ترامب -').exclude, [plain('بوت')])
  t.same(query('*بوتين*').include, [{ kind: 'term', term: 'بوت', prefix: true }])
  t.same(query('a*b').include, [{ kind: 'phrase', terms: ['a', 'b'] }], 'a star inside a word is punctuation')
})

t.test('parseQuery: errors a reader understands', async (t) => {
  const noWords = { error: 'q has no words to search for: it needs at least one letter or digit.' }
  for (const q of ['', '   ', '*', '***', '-', '--', '""', '-""', '()', '!?،؛', 'ـــ', '\u0000\u0007']) t.same(parseQuery(q, {}), noWords, JSON.stringify(q))
  t.same(parseQuery('-بوتين -"الولايات المتحدة"', {}), { error: 'q only excludes words (those starting with -); add at least one word to search for.' })
  const tooLong = { error: 'q is longer than 500 characters; shorten the search to a few words.' }
  t.same(parseQuery('ب'.repeat(10_000), {}), tooLong)
  t.same(parseQuery('"'.repeat(10_000), { prefix: true }), tooLong)
  t.same(parseQuery('a'.repeat(maxQueryLength + 1), {}), tooLong)
  t.same(parseQuery('a'.repeat(maxQueryLength), {}), { include: [{ kind: 'term', term: 'a'.repeat(500), prefix: false }], exclude: [] })
  t.same(parseQuery('x' + '😀'.repeat(maxQueryLength - 1), {}), { include: [{ kind: 'term', term: 'x', prefix: false }], exclude: [] }, 'the limit counts characters, not UTF-16 units')
  const distinct = (count: number) => Array.from({ length: count }, (_, index) => `w${index}`).join(' ')
  t.equal((query(distinct(maxClauses))).include.length, 32)
  t.same(parseQuery(distinct(33), {}), { error: 'q has 33 different words and phrases; at most 32 are allowed.' })
  t.same(parseQuery(`${distinct(20)} ${Array.from({ length: 13 }, (_, index) => `-x${index}`).join(' ')}`, {}), { error: 'q has 33 different words and phrases; at most 32 are allowed.' }, 'exclusions count')
  t.equal(query('بوتين '.repeat(60)).include.length, 1, 'repeats count once')
})

t.test('parseQuery never throws: random input from syntax, scripts and broken UTF-16', async (t) => {
  const alphabet = ['"', '“', '»', '*', '-', ' ', '(', ')', ':', '^', '+', '\\', '\u0000', '\n', '\uD800', '\uDC00', '😀', 'ـ', 'ً', '\u200C', 'أ', 'ل', 'و', 'ي', 'ة', '٢', 'A', 'ß', 'e\u0301', 'NEAR', 'OR']
  let seed = 12
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31)
  let errors = 0
  for (let round = 0; round < 2000; round++) {
    const q = Array.from({ length: next() % 40 }, () => alphabet[next() % alphabet.length]).join('')
    const parsed = parseQuery(q, { prefix: round % 2 === 0 })
    if ('error' in parsed) {
      errors++
      continue
    }
    if (parsed.include.length === 0 || parsed.include.some((clause) => clause.kind === 'term' ? clause.term === '' : clause.terms.length < 2)) {
      t.fail(`malformed query for ${JSON.stringify(q)}`)
    }
    // The text searched is the query itself: it has the same hostile characters, and surely a match.
    const excerpt = highlight(q, parsed, 10)
    if (excerpt === undefined || !q.includes(excerpt.text)) t.fail(`no excerpt of ${JSON.stringify(q)} from itself`)
  }
  t.ok(errors > 0 && errors < 2000, `both answers occur (${errors} errors)`)
  t.end()
})

t.test('highlight: the excerpt as stored, with the matches marked', async (t) => {
  const marked = (t: Test, text: string, q: string, maxLength?: number): string[] => {
    const excerpt = highlight(text, query(q), maxLength)
    if (excerpt === undefined) return []
    t.ok(text.includes(excerpt.text), 'a substring of the original')
    return excerpt.matches.map((match) => [...excerpt.text].slice(match.start, match.end).join(''))
  }

  t.test('a window cut between words', async (t) => {
    t.same(highlight(sentence, query('witkoff'), 40), {
      text: 'وفقًا لـ Witkoff ، الذي زار موسكو مرتين',
      matches: [{ start: 9, end: 16 }],
      truncatedStart: false,
      truncatedEnd: true
    })
    t.same(highlight(sentence, query('بوتين'), 30), {
      text: 'الماضية ، يدرك بوتين جيدًا',
      matches: [{ start: 15, end: 20 }],
      truncatedStart: true,
      truncatedEnd: true
    })
    t.same(highlight(sentence, query('ترامب'), 40), {
      text: 'الصعوبات السياسية التي يواجهها ترامب.',
      matches: [{ start: 31, end: 36 }],
      truncatedStart: true,
      truncatedEnd: false
    }, 'the full stop written against the last word comes along')
    t.same(highlight(sentence, query('وفقا'))?.text, sentence, 'a short text is whole')
    t.equal(highlight(sentence, query('وفقا'))?.truncatedEnd, false)
  })

  t.test('at every width, whole words only and never longer than asked', async (t) => {
    const all = terms(sentence)
    const wrong: number[] = []
    for (let maxLength = 5; maxLength <= 130; maxLength++) {
      const excerpt = highlight(sentence, query('بوتين'), maxLength)
      const inside = terms(excerpt?.text ?? '')
      const from = all.indexOf(inside[0] ?? '')
      if (excerpt === undefined || [...excerpt.text].length > maxLength || !sentence.includes(excerpt.text) ||
        from === -1 || all.slice(from, from + inside.length).join(' ') !== inside.join(' ') ||
        [...excerpt.text].slice(excerpt.matches[0]?.start, excerpt.matches[0]?.end).join('') !== 'بوتين') {
        wrong.push(maxLength)
      }
    }
    t.same(wrong, [], 'widths whose excerpt cuts a word, is too long or misses the match')
  })

  t.test('the densest run of matches wins, the first among equals', async (t) => {
    const text = 'بوتين قال. ' + 'كلام '.repeat(60) + 'بوتين وترامب وبوتين.'
    const excerpt = highlight(text, query('بوتين ترامب'), 40)
    t.equal(excerpt?.text, 'كلام كلام كلام كلام بوتين وترامب وبوتين.')
    t.same(excerpt?.matches, [{ start: 20, end: 25 }, { start: 26, end: 32 }, { start: 33, end: 39 }])
    t.equal(highlight('بوتين ' + 'كلام '.repeat(60) + 'بوتين', query('بوتين'), 20)?.matches[0]?.start, 0)
  })

  t.test('the matched words as written: diacritics, tatweel, hamza and digits kept', async (t) => {
    t.same(marked(t, 'الأمل في أُوكْرَانِيَا!', 'اوكرانيا'), ['أُوكْرَانِيَا'])
    t.same(marked(t, 'الأمل في أوكـــرانيا!', 'أوكرانيا'), ['أوكـــرانيا'])
    t.same(marked(t, 'في ٢٣ مارس ٢٠٢٥', '2025'), ['٢٠٢٥'])
    t.same(marked(t, 'Straße und STRASSE', 'strasse'), ['Straße', 'STRASSE'])
    t.same(marked(t, sentence, 'WITKOFF'), ['Witkoff'])
  })

  t.test('prefixes and phrases', async (t) => {
    t.same(marked(t, 'حرب أوكرانيا والجنود الأوكرانيين', 'أوكر*'), ['أوكرانيا', 'الأوكرانيين'])
    t.same(marked(t, 'أصدرت الولايات المتحدة المساعدات', '"الولايات المتحدة"'), ['الولايات', 'المتحدة'])
    t.same(marked(t, 'لم يصف Witkoff بوتين بأنه «رجل سيء» ويؤكد', '"رجل سيء"', 12), ['رجل', 'سيء'])
    t.same(highlight('لم يصف Witkoff بوتين بأنه «رجل سيء» ويؤكد', query('"رجل سيء"'), 12)?.text, '«رجل سيء»', 'quotes against the words come along')
  })

  t.test('offsets count code points, after an emoji', async (t) => {
    const excerpt = highlight('😀👍🏽 بوتين 😀', query('بوتين'))
    t.same(excerpt, { text: '😀👍🏽 بوتين 😀', matches: [{ start: 4, end: 9 }], truncatedStart: false, truncatedEnd: false })
  })

  t.test('nothing to mark', async (t) => {
    t.equal(highlight(sentence, query('Selenskyj')), undefined)
    t.equal(highlight(sentence, query('ترام')), undefined, 'a start of a word is no match without *')
    t.equal(highlight(sentence, { include: [], exclude: [{ kind: 'term', term: 'witkoff', prefix: false }] }), undefined, 'exclusions mark nothing')
    t.equal(highlight('', query('بوتين')), undefined)
  })

  t.test('a matched word longer than the window is whole', async (t) => {
    const long = 'ب'.repeat(30)
    t.same(highlight(`قبل ${long} بعد`, query(long), 10), { text: long, matches: [{ start: 0, end: 30 }], truncatedStart: true, truncatedEnd: true })
  })
})
