/// Counts connections (logged in or still choosing an alias) in total and per
/// source address, and decides whether a newcomer may stay.
public struct AdmissionControl: Sendable {
    public enum Verdict: Equatable, Sendable {
        case admitted
        case serverFull
        case tooManyFromAddress
    }

    /// 0 turns a limit off.
    public var maxClients: Int
    public var maxClientsPerAddress: Int
    /// Networks the per-address limit skips.
    public var exempt: [AddressRange]

    public private(set) var total = 0
    private var perAddress: [IPAddress: Int] = [:]

    public init(maxClients: Int, maxClientsPerAddress: Int, exempt: [AddressRange]) {
        self.maxClients = maxClients
        self.maxClientsPerAddress = maxClientsPerAddress
        self.exempt = exempt
    }

    /// Counts the newcomer only when admitted; pair every admission with
    /// `release(group)`. `group` is what the address counts as (its /64 for
    /// IPv6, see `IPAddress.limitGroup`); the exemption looks at the address.
    public mutating func admit(_ address: IPAddress?, countedAs group: IPAddress?) -> Verdict {
        if maxClients > 0, total >= maxClients { return .serverFull }
        if let address, let group, maxClientsPerAddress > 0, !exempt.contains(where: { $0.contains(address) }),
           perAddress[group, default: 0] >= maxClientsPerAddress {
            return .tooManyFromAddress
        }
        total += 1
        if let group { perAddress[group, default: 0] += 1 }
        return .admitted
    }

    /// Counts a connection admitted before chatd restarted, whatever the
    /// limits say now: it is open already.
    public mutating func readmit(_ group: IPAddress?) {
        total += 1
        if let group { perAddress[group, default: 0] += 1 }
    }

    public mutating func release(_ group: IPAddress?) {
        total -= 1
        guard let group, let count = perAddress[group] else { return }
        perAddress[group] = count > 1 ? count - 1 : nil
    }
}
