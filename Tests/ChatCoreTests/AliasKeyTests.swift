import ChatCore
import Testing

@Suite struct AliasKeyTests {
    @Test func foldsASCIILettersOnly() {
        #expect(AliasKey("Alice") == AliasKey("aLICE"))
        #expect(AliasKey("a-b.c_9") == AliasKey("A-B.C_9"))
        #expect(AliasKey("a[") != AliasKey("a{"))
    }

    @Test func lengthIsPartOfTheIdentity() {
        #expect(AliasKey("bob") != AliasKey("bobb"))
        #expect(AliasKey("") != AliasKey("a"))
        #expect(Set([AliasKey("Bob"), AliasKey("bob"), AliasKey("bob2")]).count == 2)
    }

    @Test func nothingLongerThanAnAliasHasAKey() {
        #expect(AliasKey(String(repeating: "a", count: AliasPolicy.maximumLength)) != nil)
        #expect(AliasKey(String(repeating: "a", count: AliasPolicy.maximumLength + 1)) == nil)
    }
}
