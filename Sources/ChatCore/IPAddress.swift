#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A peer's IP address in the form chatd compares and shows: IPv4-mapped IPv6
/// (`::ffff:127.0.0.1`, which a dual-stack `ListenStream=55555` produces) is
/// folded to plain IPv4, so limits and bans see one address, not two.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes for IPv4, 16 for IPv6.
    public let bytes: [UInt8]

    public init?(_ text: String) {
        // inet_pton reads a C string: it would stop at a NUL and accept what came before.
        guard !text.utf8.contains(0) else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            self.init(bytes: withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    public init?(bytes: [UInt8]) {
        switch bytes.count {
        case 4:
            self.bytes = bytes
        case 16:
            let mappedPrefix: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
            self.bytes = bytes.starts(with: mappedPrefix) ? Array(bytes[12...]) : bytes
        default:
            return nil
        }
    }

    public var isIPv4: Bool { bytes.count == 4 }

    /// The network limits and bans count this address as: IPv4 itself, IPv6
    /// its first `ipv6Prefix` bits, since one host commonly holds a whole /64.
    public func limitGroup(ipv6Prefix: Int) -> IPAddress {
        guard !isIPv4, ipv6Prefix < 128 else { return self }
        var masked = bytes
        for index in masked.indices {
            let keep = min(8, max(0, ipv6Prefix - index * 8))
            masked[index] &= keep == 8 ? 0xFF : ~(0xFF >> keep)
        }
        return IPAddress(bytes: masked) ?? self
    }

    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let family = isIPv4 ? AF_INET : AF_INET6
        let converted = bytes.withUnsafeBytes { raw in
            inet_ntop(family, raw.baseAddress, &buffer, socklen_t(buffer.count))
        }
        guard converted != nil else { return "?" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
