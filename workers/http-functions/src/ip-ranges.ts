import { isIPv4, isIPv6 } from 'node:net'

type Range = [base: number, prefixBits: number]

/** A dotted IPv4 address as an unsigned 32-bit number (missing octets count as 0). */
function parseV4(address: string): number {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number)
  return ((a << 24) | (b << 16) | (c << 8) | d) >>> 0
}

/** IPv4 ranges no HTTP-invoked function may reach (PROTOCOL.md §12.4). */
const blockedV4: Range[] = [
  [parseV4('0.0.0.0'), 8], // unspecified / "this network"
  [parseV4('10.0.0.0'), 8], // RFC 1918
  [parseV4('100.64.0.0'), 10], // carrier-grade NAT (RFC 6598)
  [parseV4('127.0.0.0'), 8], // loopback
  [parseV4('169.254.0.0'), 16], // link-local, including the 169.254.169.254 metadata service
  [parseV4('172.16.0.0'), 12], // RFC 1918
  [parseV4('192.0.2.0'), 24], // documentation (TEST-NET-1)
  [parseV4('192.168.0.0'), 16], // RFC 1918
  [parseV4('198.51.100.0'), 24], // documentation (TEST-NET-2)
  [parseV4('203.0.113.0'), 24], // documentation (TEST-NET-3)
  [parseV4('224.0.0.0'), 4], // multicast
  [parseV4('240.0.0.0'), 4], // reserved, including 255.255.255.255 broadcast
]

const inRange = (value: number, [base, bits]: Range): boolean =>
  bits === 0 || value >>> (32 - bits) === base >>> (32 - bits)

export function isBlockedIPv4(address: string): boolean {
  const value = parseV4(address)
  return blockedV4.some((range) => inRange(value, range))
}

/** `::ffff:1.2.3.4`, `fe80::1%eth0`, … → eight 16-bit groups. */
export function parseIPv6(address: string): number[] | undefined {
  let text = address.replace(/^\[|\]$/g, '')
  const zone = text.indexOf('%')
  if (zone !== -1) text = text.slice(0, zone)
  if (!isIPv6(text)) return undefined
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const value = parseV4(dotted[1])
    text = `${text.slice(0, dotted.index)}${(value >>> 16).toString(16)}:${(value & 0xffff).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const headGroups = head === '' ? [] : head.split(':')
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':')
  const missing = 8 - headGroups.length - tailGroups.length
  const groups = [
    ...headGroups,
    ...(tail === undefined ? [] : Array<string>(missing).fill('0')),
    ...tailGroups,
  ]
  return groups.map((g) => Number.parseInt(g, 16))
}

/** The IPv4 address an IPv6 address carries: mapped (`::ffff:0:0/96`), compatible (`::/96`) or NAT64 (`64:ff9b::/96`). */
function embeddedIPv4(groups: number[]): string | undefined {
  const [g0, g1, g2, g3, g4, g5, g6 = 0, g7 = 0] = groups
  const upperZero = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0
  const mapped = upperZero && g5 === 0xffff
  const compatible = upperZero && g5 === 0 && (g6 !== 0 || g7 > 1)
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0
  if (!mapped && !compatible && !nat64) return undefined
  return `${g6 >> 8}.${g6 & 255}.${g7 >> 8}.${g7 & 255}`
}

export function isBlockedIPv6(address: string): boolean {
  const groups = parseIPv6(address)
  if (!groups) return true
  const embedded = embeddedIPv4(groups)
  if (embedded) return isBlockedIPv4(embedded)
  const [g0 = 0] = groups
  if (groups.every((g) => g === 0)) return true // unspecified ::
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return true // loopback ::1
  if ((g0 & 0xfe00) === 0xfc00) return true // unique local fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return true // link-local fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return true // deprecated site-local fec0::/10
  if ((g0 & 0xff00) === 0xff00) return true // multicast ff00::/8
  return g0 === 0x2001 && groups[1] === 0x0db8 // documentation 2001:db8::/32
}

/** True when `address` (an IP literal) is private, local, reserved or otherwise not a public host. */
export function isBlockedAddress(address: string): boolean {
  if (isIPv4(address)) return isBlockedIPv4(address)
  return isBlockedIPv6(address)
}

/** An IP literal as URL hosts spell it (`[::1]` → `::1`), or undefined for a name. */
export function ipLiteralOf(hostname: string): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, '')
  return isIPv4(bare) || isIPv6(bare) ? bare : undefined
}
