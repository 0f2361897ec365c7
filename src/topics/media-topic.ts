// IPTC Media Topics: the codes topics may carry, as the URIs partner formats name them by.

/** The IPTC NewsCodes URI of a Media Topic code: `medtop:11000000` → `http://cv.iptc.org/newscodes/mediatopic/11000000`. */
export function mediaTopicUri (code: string): string {
  return `http://cv.iptc.org/newscodes/mediatopic/${code.slice('medtop:'.length)}`
}
