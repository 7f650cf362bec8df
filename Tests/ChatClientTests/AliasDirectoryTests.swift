import ChatClient
import Testing

@Suite struct AliasDirectoryTests {
    @Test func tracksAliasesCaseInsensitively() {
        var directory = AliasDirectory()
        directory.replaceAll(with: ["alice", "bob"])
        directory.add("Bob")
        directory.add("carol")
        directory.remove("ALICE")
        #expect(directory.aliases == ["bob", "carol"])
        #expect(directory.candidates(excluding: "BOB") == ["carol"])
    }
}
