// Which addresses webhooks may reach (SSRF): public unicast ones only, unless private ones are allowed.
import { lookup, type LookupAddress } from 'node:dns'
import { isIP, type LookupFunction } from 'node:net'
import ipaddr from 'ipaddr.js'

// IPv4-compatible IPv6 addresses (::a.b.c.d, deprecated by RFC 4291) carry an IPv4
// address that ipaddr.js classifies as unicast; some stacks still route them as IPv4.
const ipv4Compatible = ipaddr.parseCIDR('::/96')

/**
 * The range that keeps webhooks from an IP address (`loopback`, `private`, `linkLocal`,
 * `uniqueLocal`, `carrierGradeNat`, `multicast`, `reserved`, ... as ipaddr.js names them),
 * or undefined for a public unicast address. IPv4-mapped IPv6 addresses are judged as the
 * IPv4 address they map.
 */
export function forbiddenRange (address: string): string | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.process(address)
  } catch {
    return 'invalid'
  }
  const range = parsed.range()
  if (range !== 'unicast') return range
  return parsed.kind() === 'ipv6' && parsed.match(ipv4Compatible) ? 'ipv4Compatible' : undefined
}

/** The host of a URL as a resolver sees it: IPv6 literals without brackets, no trailing dot. */
function hostOf (url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase()
}

function refusal (host: string, address: string, range: string): string {
  return host === address
    ? `${address} is not a public address (${range}), which webhooks may not reach`
    : `${host} resolves to ${address}, not a public address (${range}), which webhooks may not reach`
}

/**
 * Why a webhook URL may not be used, or undefined when it may: not http(s), or (unless
 * private addresses are allowed) an IP literal outside public unicast or a `localhost` name.
 * Other names are judged when a delivery resolves them, on the address actually connected to.
 */
export function urlProblem (url: string, allowPrivate: boolean): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'must be an absolute http or https URL'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https URL, not ${parsed.protocol.slice(0, -1)}`
  if (allowPrivate) return undefined
  const host = hostOf(parsed)
  if (isIP(host) !== 0) {
    const range = forbiddenRange(host)
    return range === undefined ? undefined : `points to ${refusal(host, host, range)}`
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return `points to ${host}, a loopback name, which webhooks may not reach`
  return undefined
}

/** Why a delivery may not connect to a literal IP host, or undefined (names go through `publicLookup`). */
export function literalHostProblem (url: URL): string | undefined {
  const host = hostOf(url)
  if (isIP(host) === 0) return undefined
  const range = forbiddenRange(host)
  return range === undefined ? undefined : refusal(host, host, range)
}

/**
 * A `lookup` for `http.request` that resolves with `dns.lookup` and hands the socket only
 * public addresses, so a name cannot lead a delivery to an internal one, whatever it
 * resolved to when the webhook was created. Fails when no public address is left.
 */
export const publicLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0)
    const allowed = addresses.filter((entry) => forbiddenRange(entry.address) === undefined)
    const first = allowed[0]
    if (first === undefined) {
      const refused = addresses[0]
      const message = refused ? `refused: ${refusal(hostname, refused.address, forbiddenRange(refused.address) ?? 'invalid')}` : `${hostname} has no address`
      return callback(Object.assign(new Error(message), { code: 'EADDRFORBIDDEN' }), '', 0)
    }
    if (options.all) return callback(null, allowed)
    callback(null, first.address, first.family)
  })
}
