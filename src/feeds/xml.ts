// A small XML writer for the feeds: elements, attributes and text, everything escaped, nothing refused.

/** An element: its (prefixed) name, attributes, and children, which are elements or text. */
export interface XmlElement {
  name: string
  attributes?: Record<string, string | undefined>
  children?: ReadonlyArray<XmlElement | string>
}

/** Builds an element; attributes that are undefined are left out, and so are children that are. */
export function element (name: string, attributes: XmlElement['attributes'] = {}, ...children: Array<XmlElement | string | undefined | false>): XmlElement {
  return { name, attributes, children: children.filter((child): child is XmlElement | string => child !== undefined && child !== false) }
}

/** An element holding text alone, or nothing when the text is undefined. */
export function textElement (name: string, text: string | undefined, attributes: XmlElement['attributes'] = {}): XmlElement | undefined {
  return text === undefined ? undefined : element(name, attributes, text)
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\'': '&apos;',
  // Kept as references, since parsers turn a literal CR into LF (and, in attributes, tab
  // and LF into spaces): what is read back is what was written.
  '\r': '&#13;'
}
const attributeEscapes: Record<string, string> = { ...escapes, '\n': '&#10;', '\t': '&#9;' }

// What XML 1.0 cannot hold at all, not even as a character reference: control characters but
// tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. Stored text has none of the controls;
// the rest, should it ever come, becomes U+FFFD rather than a document no parser reads.
const notXml = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Text as XML character data: `& < > " '` (and CR) as references, any character XML cannot hold as U+FFFD. */
export function escapeXml (text: string): string {
  return text.replace(notXml, '\uFFFD').replace(/[&<>"'\r]/g, (character) => escapes[character] ?? character)
}

function escapeAttribute (value: string): string {
  return value.replace(notXml, '\uFFFD').replace(/[&<>"'\r\n\t]/g, (character) => attributeEscapes[character] ?? character)
}

function render (node: XmlElement, indent: string): string {
  const attributes = Object.entries(node.attributes ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join('')
  const children = node.children ?? []
  if (children.length === 0) return `${indent}<${node.name}${attributes}/>`
  // Text is written where it stands, with no white space added around it; elements that
  // hold elements alone are laid out one child a line.
  if (children.some((child) => typeof child === 'string')) {
    const inner = children.map((child) => typeof child === 'string' ? escapeXml(child) : render(child, '')).join('')
    return `${indent}<${node.name}${attributes}>${inner}</${node.name}>`
  }
  const inner = children.map((child) => render(child as XmlElement, `${indent}  `)).join('\n')
  return `${indent}<${node.name}${attributes}>\n${inner}\n${indent}</${node.name}>`
}

/** A whole document: the XML declaration (UTF-8) and the root element, ending in a newline. */
export function xmlDocument (root: XmlElement): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${render(root, '')}\n`
}
