// The newsroom that publishes the articles, as partner formats name it: PUBLISHER_* and COPYRIGHT_NOTICE.

/** Who publishes, each part optional: formats leave out what is not set. */
export interface Publisher {
  /** PUBLISHER_NAME: JSON-LD `publisher.name`, the feeds' author fallback, a ninjs infoSource. */
  name?: string | undefined
  /** PUBLISHER_URL: the newsroom's home page. */
  url?: string | undefined
  /** PUBLISHER_LOGO_URL: JSON-LD `publisher.logo`. */
  logoUrl?: string | undefined
  /** COPYRIGHT_NOTICE: ninjs and JSON-LD `copyrightNotice`, RSS `copyright`, Atom `rights`. */
  copyrightNotice?: string | undefined
}
