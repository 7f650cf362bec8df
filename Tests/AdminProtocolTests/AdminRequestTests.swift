import AdminProtocol
import Foundation
import Testing

@Suite struct AdminRequestTests {
    private func parse(_ json: String) throws(AdminError) -> AdminRequest {
        try AdminRequest(parsing: Data(json.utf8))
    }

    private func code(of json: String) -> AdminErrorCode? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return error.code
        }
    }

    @Test(arguments: [
        AdminCommand.list,
        .stats,
        .notice(NoticeArguments(text: "maintenance at 10:00 / \"soon\"")),
        .kick(KickArguments(alias: "Bob")),
        .kick(KickArguments(alias: "bob", reason: "spam", banSeconds: 600, banAddress: true)),
    ])
    func everyCommandSurvivesTheWire(command: AdminCommand) throws {
        let line = try AdminRequest(command).encodedLine()
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(!line.dropLast().contains(UInt8(ascii: "\n")))
        #expect(try AdminRequest(parsing: line.dropLast()) == AdminRequest(command))
    }

    @Test func encodingIsTheDocumentedShape() throws {
        let kick = try AdminRequest(.kick(KickArguments(alias: "bob", banSeconds: 30))).encodedLine()
        #expect(String(decoding: kick, as: UTF8.self)
            == #"{"arguments":{"alias":"bob","banAddress":false,"banSeconds":30},"command":"kick","version":1}"# + "\n")
        let list = try AdminRequest(.list).encodedLine()
        #expect(String(decoding: list, as: UTF8.self) == #"{"command":"list","version":1}"# + "\n")
    }

    @Test func optionalArgumentsMayBeLeftOut() throws {
        let request = try parse(#"{"version":1,"command":"kick","arguments":{"alias":"bob"}}"#)
        #expect(request.command == .kick(KickArguments(alias: "bob", reason: nil, banSeconds: nil, banAddress: false)))
        #expect(try parse(#"{"version":1,"command":"list","arguments":{"ignored":true}}"#).command == .list)
    }

    @Test(arguments: ["", "{", "not json", "[1,2]", "42", #"{"version":"1","command":"list"}"#, #"{"version":1,"command":7}"#])
    func garbageIsMalformed(json: String) {
        #expect(code(of: json) == .malformedRequest)
    }

    @Test func missingCommandIsMalformed() {
        #expect(code(of: #"{"version":1}"#) == .malformedRequest)
    }

    @Test func versionIsCheckedBeforeTheCommand() {
        #expect(code(of: #"{"command":"list"}"#) == .unsupportedVersion)
        #expect(code(of: #"{"version":2,"command":"list"}"#) == .unsupportedVersion)
        #expect(code(of: #"{"version":0,"command":"frobnicate"}"#) == .unsupportedVersion)
    }

    @Test func unknownCommandsAreNamed() throws {
        do {
            _ = try parse(#"{"version":1,"command":"frobnicate"}"#)
            Issue.record("accepted an unknown command")
        } catch {
            #expect(error.code == .unknownCommand)
            #expect(error.message.contains("frobnicate"))
            #expect(error.message.contains("kick"))
        }
    }

    @Test func badArgumentsSayWhichMember() throws {
        let cases: [(String, String)] = [
            (#"{"version":1,"command":"kick"}"#, "\"arguments\" is missing"),
            (#"{"version":1,"command":"kick","arguments":{}}"#, "\"arguments.alias\" is missing"),
            (#"{"version":1,"command":"kick","arguments":{"alias":3}}"#, "\"arguments.alias\" should be a string"),
            (#"{"version":1,"command":"kick","arguments":{"alias":"a","banSeconds":"10m"}}"#, "\"arguments.banSeconds\" should be a whole number"),
            (#"{"version":1,"command":"notice","arguments":{"text":null}}"#, "\"arguments.text\" should be a string, not null"),
        ]
        for (json, expected) in cases {
            do {
                _ = try parse(json)
                Issue.record("accepted \(json)")
            } catch {
                #expect(error.code == .invalidArguments, "\(json)")
                #expect(error.message.contains(expected), "\(json): \(error.message)")
            }
        }
    }
}
