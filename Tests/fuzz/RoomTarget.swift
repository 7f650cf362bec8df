// libFuzzer target: chatd's pure chat core driven the way the hub drives it,
// one operation per few input bytes (connect, log in, leave, a command, ban an
// alias or an address group, let time pass, reload the limits, use the flood
// bucket), and checked after every step against a plain model of the rules.
// Bytes 0-3 set the limits (max clients, per address, presence limit, bucket
// rate and burst); 8 connection slots share a pool of IPv4 and IPv6 addresses,
// two of them in one /64 and one exempt. Invariants:
// - a login is refused exactly when the model says so (spelling, reserved
//   names, a ban, an alias already taken under Alias.fold, a member already
//   in), a ban's refusal is passed on as given, a welcome names the alias, and
//   JOIN and LEAVE are announced exactly while presence is;
// - the roster holds the model's members with their aliases as typed, unique
//   under Alias.fold, found by any case of their alias, in join order;
// - a direct message reaches the member the model names, or an error; /users
//   lists the model's join order; a broadcast and /quit say what was sent;
// - a ban lasts exactly until its end; admission admits exactly when the model
//   does (nobody while maxClients are in, also after a reload lowered it) and
//   counts what was admitted and released;
// - the flood bucket reports no wait exactly when a take succeeds, a take
//   succeeds once the reported wait has passed (give or take the 1 ns that
//   rounding can leave, which only costs chatd one more timer), and takes
//   never outrun burst + rate × elapsed time.
import ChatProtocol

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = ByteReader(UnsafeBufferPointer(start: data, count: size))
    var harness = Harness(&input)
    while !input.isEmpty {
        harness.step(&input)
        harness.check()
    }
    return 0
}

private struct ByteReader {
    private var bytes: UnsafeBufferPointer<UInt8>.SubSequence

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes[...] }

    var isEmpty: Bool { bytes.isEmpty }

    /// The next byte, 0 past the end.
    mutating func next() -> UInt8 { bytes.popFirst() ?? 0 }

    mutating func next(below bound: Int) -> Int { Int(next()) % bound }

    /// Short aliases over a few letters (so that case-folded collisions and the
    /// reserved "Ab" are common), with the top bit making one of 28...35 bytes.
    mutating func alias() -> String {
        let alphabet: [Character] = ["a", "A", "b", "B", "0", "_", "-", ".", "z", "Z", " ", "é", "!", "9", "\t", "😀"]
        let header = next()
        let length = Int(header & 0x07) + (header & 0x80 != 0 ? 28 : 0)
        return String((0..<length).map { _ in alphabet[next(below: alphabet.count)] })
    }
}

private struct Harness {
    static let slots = 8
    static let reserved = AliasPolicy.defaultReserved + ["Ab"]
    /// Index 0 is exempt (loopback); 3 and 4 share a /64.
    static let pool: [IPAddress] = ["127.0.0.1", "192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2", "2001:db8:1::1"]
        .compactMap(IPAddress.init)
    static let exempt = ["127.0.0.0/8"].compactMap(AddressRange.init)

    var room: ChatRoom<Int>
    var admission: AdmissionControl
    var bans = BanList()
    var bucket: TokenBucket
    let start = ContinuousClock.now
    var elapsed = Duration.zero
    var now: ContinuousClock.Instant { start + elapsed }
    var nanoseconds: UInt64 { UInt64(elapsed.components.seconds) * 1_000_000_000 + UInt64(elapsed.components.attoseconds / 1_000_000_000) }

    // The model.
    var connected: [Int: IPAddress] = [:]
    /// Logged-in members in join order, with the alias as typed.
    var members: [(slot: Int, alias: String)] = []
    var aliasBans: [String: ContinuousClock.Instant] = [:]
    var groupBans: [IPAddress: ContinuousClock.Instant] = [:]
    var taken = 0
    let bucketStart: UInt64 = 0

    init(_ input: inout ByteReader) {
        let limits = input.next()
        let presence = input.next()
        let rates = input.next()
        room = ChatRoom(policy: AliasPolicy(reserved: Self.reserved), presenceLimit: Int(presence % 5))
        admission = AdmissionControl(maxClients: Int(limits & 0x0F) % 7, maxClientsPerAddress: Int(limits >> 4) % 4, exempt: Self.exempt)
        bucket = TokenBucket(rate: Int(rates & 0x0F), burst: Int(rates >> 4), now: bucketStart)
    }

    mutating func step(_ input: inout ByteReader) {
        switch input.next(below: 9) {
        case 0: connect(input.next(below: Self.slots), Self.pool[input.next(below: Self.pool.count)])
        case 1: login(input.next(below: Self.slots), as: input.alias())
        case 2: close(input.next(below: Self.slots))
        case 3: command(input.next(below: 4), from: input.next(below: Self.slots), naming: input.alias())
        case 4:
            let alias = input.alias()
            let end = now + .seconds(Int(input.next()))
            bans.ban(alias: alias, until: end)
            if alias.utf8.count <= AliasPolicy.maximumLength { aliasBans[Alias.fold(alias)] = end }
        case 5:
            let group = Self.pool[input.next(below: Self.pool.count)].limitGroup(ipv6Prefix: 64)
            let end = now + .seconds(Int(input.next()))
            bans.ban(address: group, until: end)
            groupBans[group] = end
        case 6: elapsed += .milliseconds(Int(input.next()) * 50)
        case 7:
            admission.maxClients = input.next(below: 7)
            admission.maxClientsPerAddress = input.next(below: 4)
        default: flood()
        }
    }

    private func banned<Key: Hashable>(_ key: Key, in table: [Key: ContinuousClock.Instant]) -> Bool {
        table[key].map { $0 > now } ?? false
    }

    mutating func connect(_ slot: Int, _ address: IPAddress) {
        guard connected[slot] == nil else { return }
        let group = address.limitGroup(ipv6Prefix: 64)
        let isBanned = bans.addressBan(group, now: now) != nil
        precondition(isBanned == banned(group, in: groupBans), "address ban disagrees with the model")
        if isBanned { return }
        let sameGroup = connected.values.filter { $0.limitGroup(ipv6Prefix: 64) == group }.count
        let expected: AdmissionControl.Verdict =
            if admission.maxClients > 0, connected.count >= admission.maxClients { .serverFull }
            else if admission.maxClientsPerAddress > 0, !Self.exempt.contains(where: { $0.contains(address) }),
                    sameGroup >= admission.maxClientsPerAddress { .tooManyFromAddress }
            else { .admitted }
        let verdict = admission.admit(address, countedAs: group)
        precondition(verdict == expected, "admission says \(verdict), the model \(expected)")
        if verdict == .admitted { connected[slot] = address }
    }

    mutating func login(_ slot: Int, as alias: String) {
        guard connected[slot] != nil else { return }
        let refusal = bans.aliasBan(alias, now: now).map { "banned \($0)" }
        precondition((refusal != nil) == banned(Alias.fold(alias), in: aliasBans), "alias ban disagrees with the model")
        let bytes = Array(alias.utf8)
        let isLetter = { (byte: UInt8) in (65...90).contains(byte) || (97...122).contains(byte) }
        let spelledWell = !bytes.isEmpty && bytes.count <= 32 && isLetter(bytes[0])
            && bytes.allSatisfy { isLetter($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 || $0 == 46 }
            && !Self.reserved.map(Alias.fold).contains(Alias.fold(alias))
        let free = !members.contains { $0.slot == slot || Alias.fold($0.alias) == Alias.fold(alias) }
        switch room.login(slot, as: alias, refusal: refusal) {
        case .refused(let reason):
            precondition(!spelledWell || refusal != nil || !free, "login of \(alias.debugDescription) refused: \(reason)")
            if spelledWell, let refusal { precondition(reason == refusal, "the ban's refusal was not passed on") }
        case .joined(let welcome, let announcement):
            precondition(spelledWell && refusal == nil && free, "login of \(alias.debugDescription) accepted")
            members.append((slot, alias))
            guard case .welcome(alias, _) = welcome else { preconditionFailure("welcome does not name \(alias)") }
            precondition(announcement == (announces ? .join(alias: alias) : nil), "JOIN announced wrongly")
        }
    }

    private var announces: Bool { room.presenceLimit == 0 || members.count <= room.presenceLimit }

    mutating func close(_ slot: Int) {
        let announcement = room.leave(slot, reason: "gone")
        if let index = members.firstIndex(where: { $0.slot == slot }) {
            let alias = members.remove(at: index).alias
            precondition(announcement == (announces ? .leave(alias: alias, reason: "gone") : nil), "LEAVE announced wrongly")
        } else {
            precondition(announcement == nil, "a member not in the room left")
        }
        guard let address = connected.removeValue(forKey: slot) else { return }
        admission.release(address.limitGroup(ipv6Prefix: 64))
    }

    func command(_ kind: Int, from slot: Int, naming name: String) {
        let sender = members.first { $0.slot == slot }?.alias ?? ""
        switch kind {
        case 0:
            let reaction = room.handle(.direct(to: name, text: "t"), from: slot)
            if let target = members.first(where: { Alias.fold($0.alias) == Alias.fold(name) }) {
                precondition(reaction == .toMember(target.slot, .direct(from: sender, text: "t")), "DM went astray")
            } else {
                guard case .toSender(let lines) = reaction, lines.count == 1, case .error = lines[0] else {
                    preconditionFailure("DM to nobody did not fail")
                }
            }
        case 1:
            precondition(room.handle(.users, from: slot) == .toSender([.users(members.map(\.alias))]), "/users is not the join order")
        case 2:
            precondition(room.handle(.broadcast(name), from: slot) == .toEveryone(.message(from: sender, text: name)), "broadcast changed")
        default:
            precondition(room.handle(.quit(reason: nil), from: slot) == .quit(reason: "quit"), "/quit changed")
        }
    }

    mutating func flood() {
        let wait = bucket.nanosecondsUntilNextToken(now: nanoseconds)
        let took = bucket.take(now: nanoseconds)
        precondition(took == (wait == 0), "wait \(wait) ns but take \(took)")
        if took {
            taken += 1
        } else {
            // Floating point can leave the token a hair short: one more
            // nanosecond, then, but never more (chatd just waits again).
            elapsed += .nanoseconds(Int64(wait))
            let rest = bucket.nanosecondsUntilNextToken(now: nanoseconds)
            precondition(rest <= 1, "\(rest) ns more to wait after the reported wait")
            elapsed += .nanoseconds(Int64(rest))
            precondition(bucket.take(now: nanoseconds), "no token after the reported wait")
            taken += 1
        }
        guard !bucket.isUnlimited else { return }
        let allowed = bucket.burst + bucket.rate * Double(nanoseconds - bucketStart) / 1e9
        precondition(Double(taken) <= allowed + 1e-6, "\(taken) tokens taken, \(allowed) allowed")
    }

    func check() {
        let roster = room.roster
        precondition(roster.count == members.count, "roster has \(roster.count) members, the model \(members.count)")
        let order = roster.aliasesInJoinOrder
        precondition(order == members.map(\.alias), "join order lost")
        precondition(Set(order.map(Alias.fold)).count == order.count, "two aliases fold alike")
        for member in members {
            precondition(roster.alias(of: member.slot) == member.alias, "alias changed")
            precondition(roster.member(named: member.alias.uppercased()) == member.slot, "not found by another case")
        }
        precondition(admission.total == connected.count, "admission counts \(admission.total), the model \(connected.count)")
    }
}
