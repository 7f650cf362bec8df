import ChatCore
import Testing

@Suite struct AdmissionControlTests {
    private func admit(_ control: inout AdmissionControl, _ address: IPAddress) -> AdmissionControl.Verdict {
        control.admit(address, countedAs: address.limitGroup(ipv6Prefix: 64))
    }

    private func aliasBan(_ bans: inout BanList, _ alias: String, _ now: ContinuousClock.Instant) -> String? {
        bans.aliasBan(alias, now: now)
    }

    private func addressBan(_ bans: inout BanList, _ address: IPAddress, _ now: ContinuousClock.Instant) -> String? {
        bans.addressBan(address, now: now)
    }

    @Test func ipv4MappedAddressesFoldToIPv4() throws {
        let mapped = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(mapped == IPAddress("127.0.0.1"))
        #expect(mapped.description == "127.0.0.1")
        #expect(IPAddress("::1")?.description == "::1")
        #expect(IPAddress("not an address") == nil)
    }

    /// Found by the config fuzz target: the C parser stopped at the NUL and
    /// took `::1<NUL>junk` for ::1, so the config file accepted it.
    @Test func addressesWithANulAreRefused() {
        #expect(IPAddress("::1\u{0}junk") == nil)
        #expect(IPAddress("10.0.0.1\u{0}") == nil)
        #expect(AddressRange("10.0.0.0\u{0}x/8") == nil)
        var settings = ServerSettings()
        #expect(throws: SettingsError.self) { try settings.set(.limitExempt, to: "127.0.0.1\u{0}, ::1") }
    }

    @Test func rangesMatchTheirPrefix() throws {
        let loopback = try #require(AddressRange("127.0.0.0/8"))
        #expect(loopback.contains(try #require(IPAddress("127.9.9.9"))))
        #expect(!loopback.contains(try #require(IPAddress("128.0.0.1"))))
        #expect(!loopback.contains(try #require(IPAddress("::1"))))
        let v6 = try #require(AddressRange("2001:db8::/32"))
        #expect(v6.contains(try #require(IPAddress("2001:db8:1::5"))))
        #expect(!v6.contains(try #require(IPAddress("2001:db9::1"))))
        #expect(AddressRange("10.0.0.0/33") == nil)
        #expect(AddressRange("::ffff:10.0.0.0/104")?.contains(try #require(IPAddress("10.1.2.3"))) == true)
    }

    @Test func totalAndPerAddressLimits() throws {
        let remote = try #require(IPAddress("192.0.2.7"))
        let local = try #require(IPAddress("127.0.0.1"))
        var control = AdmissionControl(maxClients: 4, maxClientsPerAddress: 2, exempt: ServerSettings.defaultLimitExempt)
        #expect(admit(&control, remote) == .admitted)
        #expect(admit(&control, remote) == .admitted)
        #expect(admit(&control, remote) == .tooManyFromAddress)
        #expect(admit(&control, local) == .admitted)
        #expect(admit(&control, local) == .admitted)
        #expect(admit(&control, local) == .serverFull)
        control.release(remote)
        #expect(admit(&control, remote) == .admitted)
        #expect(control.total == 4)
    }

    @Test func zeroTurnsLimitsOff() throws {
        let remote = try #require(IPAddress("192.0.2.7"))
        var control = AdmissionControl(maxClients: 0, maxClientsPerAddress: 0, exempt: [])
        for _ in 0..<100 { #expect(admit(&control, remote) == .admitted) }
    }

    @Test func bansExpire() throws {
        var bans = BanList()
        let start = ContinuousClock.now
        bans.ban(alias: "Mallory", until: start + .seconds(90))
        #expect(aliasBan(&bans, "mallory", start) == "for 1m 30s more")
        #expect(aliasBan(&bans, "mallory", start + .seconds(91)) == nil)
        let address = try #require(IPAddress("192.0.2.1"))
        bans.ban(address: address, until: start + .seconds(5))
        #expect(addressBan(&bans, address, start) != nil)
        #expect(addressBan(&bans, address, start + .seconds(6)) == nil)
    }
}

@Suite struct IPv6GroupTests {
    private func address(_ text: String) -> IPAddress {
        IPAddress(text) ?? IPAddress(bytes: [0, 0, 0, 0])!
    }

    @Test func ipv6CountsByItsPrefixAndIPv4ByItself() {
        #expect(address("2001:db8:1:2:aaaa::1").limitGroup(ipv6Prefix: 64) == address("2001:db8:1:2::"))
        #expect(address("2001:db8:1:2:aaaa::1").limitGroup(ipv6Prefix: 48) == address("2001:db8:1::"))
        #expect(address("2001:db8:1:2:aaaa::1").limitGroup(ipv6Prefix: 60) == address("2001:db8:1::"))
        #expect(address("2001:db8::1").limitGroup(ipv6Prefix: 128) == address("2001:db8::1"))
        #expect(address("192.0.2.7").limitGroup(ipv6Prefix: 64) == address("192.0.2.7"))
    }

    @Test func oneSlash64IsOneAddressForTheLimit() {
        var control = AdmissionControl(maxClients: 0, maxClientsPerAddress: 2, exempt: [])
        let hosts = (1...3).map { address("2001:db8:0:7::\($0)") }
        let verdicts = hosts.map { control.admit($0, countedAs: $0.limitGroup(ipv6Prefix: 64)) }
        #expect(verdicts == [.admitted, .admitted, .tooManyFromAddress])
        let neighbour = address("2001:db8:0:8::1")
        #expect(control.admit(neighbour, countedAs: neighbour.limitGroup(ipv6Prefix: 64)) == .admitted)
    }
}
