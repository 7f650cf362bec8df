import ChatClient
import Testing

@Suite struct ServerMessageTests {
    @Test func parsesEveryServerWord() {
        #expect(ServerMessage(line: "NICK choose an alias") == .nick(prompt: "choose an alias"))
        #expect(ServerMessage(line: "WELCOME alice hello there") == .welcome(alias: "alice", text: "hello there"))
        #expect(ServerMessage(line: "JOIN bob") == .join(alias: "bob"))
        #expect(ServerMessage(line: "LEAVE bob connection lost") == .leave(alias: "bob", reason: "connection lost"))
        #expect(ServerMessage(line: "LEAVE bob") == .leave(alias: "bob", reason: ""))
        #expect(ServerMessage(line: "MSG alice hi  there ") == .message(from: "alice", text: "hi  there "))
        #expect(ServerMessage(line: "DM alice psst") == .direct(from: "alice", text: "psst"))
        #expect(ServerMessage(line: "USERS alice bob") == .users(["alice", "bob"]))
        #expect(ServerMessage(line: "USERS") == .users([]))
        #expect(ServerMessage(line: "HELP /users lists people") == .help("/users lists people"))
        #expect(ServerMessage(line: "NOTICE server shutting down") == .notice("server shutting down"))
        #expect(ServerMessage(line: "ERR alias taken") == .error("alias taken"))
        #expect(ServerMessage(line: "KICKED spamming") == .kicked(reason: "spamming"))
        #expect(ServerMessage(line: "BYE") == .bye)
    }

    @Test func keepsUnknownAndMalformedLinesWhole() {
        #expect(ServerMessage(line: "PING 1") == .unknown("PING 1"))
        #expect(ServerMessage(line: "MSG") == .unknown("MSG"))
        #expect(ServerMessage(line: "") == .unknown(""))
    }

    @Test func emptyMessageTextIsKept() {
        #expect(ServerMessage(line: "MSG alice") == .message(from: "alice", text: ""))
    }
}
