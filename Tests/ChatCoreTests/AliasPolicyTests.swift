import ChatCore
import ChatProtocol
import Testing

@Suite struct AliasPolicyTests {
    let policy = AliasPolicy()

    @Test(arguments: ["a", "Alice", "bob_2", "x-y.z", String(repeating: "a", count: 32)])
    func acceptsValidAliases(alias: String) {
        #expect(policy.problem(with: alias) == nil)
    }

    @Test(arguments: ["", "1abc", "_x", "al ice", "alice!", "ålice", "a\u{1B}b", String(repeating: "a", count: 33)])
    func rejectsInvalidAliases(alias: String) {
        #expect(policy.problem(with: alias) != nil)
    }

    @Test func reservedNamesAreCaseInsensitive() {
        #expect(policy.problem(with: "Admin") != nil)
        #expect(policy.problem(with: "ROOT") != nil)
        #expect(AliasPolicy(reserved: ["Bob"]).problem(with: "bob") != nil)
        #expect(AliasPolicy(reserved: []).problem(with: "root") == nil)
    }

    @Test func foldingOnlyTouchesASCIILetters() {
        #expect(Alias.fold("AbC-9.z") == "abc-9.z")
    }
}
