// The feeds' XML writer: text and attributes escaped, what XML cannot hold replaced, elements laid out.
import t from 'tap'
import { element, escapeXml, textElement, xmlDocument } from '../src/feeds/xml.js'

t.test('the XML writer escapes text and attributes and lays out elements', async (t) => {
  t.equal(escapeXml('<b>&"\'</b> ]]>'), '&lt;b&gt;&amp;&quot;&apos;&lt;/b&gt; ]]&gt;')
  t.equal(escapeXml('سطر\nثان\tو\r'), 'سطر\nثان\tو&#13;', 'LF and tab stay; CR is a reference, as parsers would read it as LF')
  t.equal(escapeXml('a\uFFFEb\u0001c\uD800d😀'), 'a\uFFFDb\uFFFDc\uFFFDd😀', 'what XML cannot hold becomes U+FFFD; pairs stay')
  t.equal(xmlDocument(element('feed', { xmlns: 'urn:x', 'xml:lang': 'ar', skipped: undefined },
    textElement('title', 'A & "B"', { type: 'text' }),
    textElement('missing', undefined),
    element('link', { href: 'https://x.example/?a=1&b="2"\n' }),
    element('entry', {}, textElement('empty', ''))
  )), [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="urn:x" xml:lang="ar">',
    '  <title type="text">A &amp; &quot;B&quot;</title>',
    '  <link href="https://x.example/?a=1&amp;b=&quot;2&quot;&#10;"/>',
    '  <entry>',
    '    <empty></empty>',
    '  </entry>',
    '</feed>',
    ''
  ].join('\n'))
})
