// libFuzzer target: the config file and the address syntax chatd reads from
// it. Byte 0 picks an IPv6 prefix (1...128); the rest is a config file, and
// every line and comma-separated item of it is also tried as an address and
// as a network. Invariants:
// - the file never traps, and reads the same with CR LF line ends as with LF
//   (same settings, or the same error at the same line);
// - reading it twice changes nothing (a reload of an unchanged file is a no-op),
//   and a value means the same with spaces and tabs around it;
// - an address that parses contains no NUL (the C parser would stop there and
//   accept what came before), and its description parses back to it;
// - a network that parses contains its own address, has a prefix within its
//   family's bits, prints as text that parses back to it, and contains exactly
//   the addresses that agree with it on the first prefixLength bits;
// - limitGroup keeps IPv4 as it is, is idempotent, leaves the address inside
//   its /prefix and clears every bit after the prefix.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let first = bytes.first else { return 0 }
    let prefix = 1 + Int(first) % 128
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)

    let once = read(text)
    var lf = String.UnicodeScalarView()
    var crlf = String.UnicodeScalarView()
    for scalar in text.unicodeScalars where scalar != "\r" {
        if scalar == "\n" { crlf.append("\r") }
        crlf.append(scalar)
        lf.append(scalar)
    }
    precondition(read(String(crlf)) == read(String(lf)), "CR LF reads differently from LF")
    if case .success(var settings) = once {
        precondition((try? ConfigFile.apply(text, named: "fuzz.conf", to: &settings)) != nil, "second read failed")
        precondition(once == .success(settings), "a second read changed the settings")
    }

    var addresses: [IPAddress] = []
    var ranges: [AddressRange] = []
    // Trimming is slow under ASan: one key (picked by byte 0) for the first few items.
    let key = SettingKey.allCases[Int(first) % SettingKey.allCases.count]
    for (index, item) in text.split(whereSeparator: { $0.isNewline || $0 == "," }).prefix(16).enumerated() {
        let candidate = String(item)
        if index < 4 { requireSpacesIgnored(candidate, key) }
        if let address = IPAddress(candidate) {
            requireAddressInvariants(address, parsedFrom: candidate, prefix: prefix)
            addresses.append(address)
        }
        if let range = AddressRange(candidate) {
            requireRangeInvariants(range)
            ranges.append(range)
            addresses.append(range.network)
        }
    }
    for range in ranges {
        for address in addresses {
            precondition(range.contains(address) == modelContains(range, address), "contains disagrees with the bits")
        }
    }
    return 0
}

private func read(_ text: String) -> Result<ServerSettings, SettingsError> {
    var settings = ServerSettings()
    do throws(SettingsError) {
        try ConfigFile.apply(text, named: "fuzz.conf", to: &settings)
        return .success(settings)
    } catch {
        return .failure(error)
    }
}

/// A setting takes `value` the same with spaces and tabs around it.
private func requireSpacesIgnored(_ value: String, _ key: SettingKey) {
    precondition(setting(key, to: " \t" + value + "\t ") == setting(key, to: value), "\(key.rawValue): surrounding spaces change the value")
}

private func setting(_ key: SettingKey, to value: String) -> ServerSettings? {
    var settings = ServerSettings()
    do throws(SettingsError) {
        try settings.set(key, to: value)
        return settings
    } catch {
        return nil
    }
}

private func requireAddressInvariants(_ address: IPAddress, parsedFrom text: String, prefix: Int) {
    precondition(!text.utf8.contains(0), "an address with a NUL in it parses")
    precondition(address.bytes.count == 4 || address.bytes.count == 16, "address of \(address.bytes.count) bytes")
    precondition(IPAddress(address.description) == address, "address does not round-trip through its description")
    let group = address.limitGroup(ipv6Prefix: prefix)
    precondition(group.limitGroup(ipv6Prefix: prefix) == group, "limitGroup is not idempotent")
    guard !address.isIPv4 else {
        precondition(group == address, "limitGroup changed an IPv4 address")
        return
    }
    precondition(group.bytes.count == 16, "limitGroup changed the family")
    for bit in prefix..<128 {
        precondition(!isSet(bit, in: group.bytes), "limitGroup kept a bit past the prefix")
    }
    guard let network = AddressRange("\(address)/\(prefix)") else { preconditionFailure("an address with a valid prefix is refused") }
    precondition(network.contains(group), "limitGroup left the address's network")
}

private func requireRangeInvariants(_ range: AddressRange) {
    let bits = range.network.bytes.count * 8
    precondition((0...bits).contains(range.prefixLength), "prefix length \(range.prefixLength) outside 0...\(bits)")
    precondition(range.contains(range.network), "a network does not contain its own address")
    precondition(AddressRange(range.description) == range, "network does not round-trip through its description")
}

/// Membership as the definition says: same family, same first prefixLength bits.
private func modelContains(_ range: AddressRange, _ address: IPAddress) -> Bool {
    guard range.network.bytes.count == address.bytes.count else { return false }
    return (0..<range.prefixLength).allSatisfy { isSet($0, in: range.network.bytes) == isSet($0, in: address.bytes) }
}

private func isSet(_ bit: Int, in bytes: [UInt8]) -> Bool {
    bytes[bit / 8] & (0x80 >> UInt8(bit % 8)) != 0
}
