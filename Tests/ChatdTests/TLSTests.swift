import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Chat over TLS against the real chatd, with `openssl s_client` as the
/// outside client and certificates made for each test.
@Suite struct TLSTests {
    /// chatd with plain and TLS listeners, its certificate copied to files the test may rewrite.
    private static func tlsChatd(_ certificates: TestCertificates, name: String = "one", arguments: [String] = []) throws -> (ChatdProcess, files: (certificate: String, key: String)) {
        let issued = try certificates.issue(name)
        let files = (certificate: certificates.path("served.pem"), key: certificates.path("served.key"))
        try install(issued, at: files)
        let chatd = try ChatdProcess(arguments: ["--listen-tls", "127.0.0.1:0", "--tls-certificate", files.certificate, "--tls-key", files.key] + arguments)
        return (chatd, files)
    }

    private static func install(_ pair: (certificate: String, key: String), at files: (certificate: String, key: String)) throws {
        for (source, target) in [(pair.certificate, files.certificate), (pair.key, files.key)] {
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
    }

    private static func chatctl(_ chatd: ChatdProcess, _ arguments: [String]) throws -> String {
        let result = try Subprocess.run(Binaries.path("chatctl"), ["--socket", chatd.adminSocketPath] + arguments)
        guard result.status == 0 else { throw TestFailure("chatctl \(arguments) failed: \(result.errors)") }
        return result.output
    }

    private static func statistics(_ chatd: ChatdProcess) throws -> [String: Int] {
        let object = try JSONSerialization.jsonObject(with: Data(try chatctl(chatd, ["stats", "--json"]).utf8))
        return ((object as? [String: Any]) ?? [:]).compactMapValues { $0 as? Int }
    }

    @Test(arguments: [("-tls1_3", "TLSv1.3"), ("-tls1_2", "TLSv1.2")])
    func chatWorksOverTLSWithPlainUsersToo(option: String, version: String) throws {
        let certificates = try TestCertificates()
        let (chatd, _) = try Self.tlsChatd(certificates)
        let tlsPort = try #require(chatd.tlsPort)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)

        let alice = try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate, options: [option])
        #expect(try alice.brief("Protocol version") == version)
        try alice.expect("NICK")
        alice.send("alice")
        try alice.expect("WELCOME alice 2 users online")
        #expect(try bob.expect(prefix: "JOIN") == "JOIN alice")
        bob.send("/dm alice over the wire, encrypted")
        try alice.expect("DM bob over the wire, encrypted")
        alice.send("hello from TLS")
        #expect(try bob.expect(prefix: "MSG") == "MSG alice hello from TLS")
        alice.send("/users")
        try alice.expect("USERS bob alice")

        let list = try JSONSerialization.jsonObject(with: Data(try Self.chatctl(chatd, ["list", "--json"]).utf8)) as? [String: Any]
        let transports = (list?["users"] as? [[String: Any]] ?? []).compactMap { user in (user["alias"] as? String).map { ($0, user["transport"] as? String) } }
        #expect(transports.map(\.0) == ["bob", "alice"] && transports.map(\.1) == ["tcp", "tls"])
        let stats = try Self.statistics(chatd)
        #expect(stats["tlsConnectionsOpen"] == 1)
        #expect(stats["tlsHandshakesCompleted"] == 1)
    }

    @Test func oldTLSAndPlainTextGetNothingButAClose() throws {
        let certificates = try TestCertificates()
        let (chatd, _) = try Self.tlsChatd(certificates)
        let tlsPort = try #require(chatd.tlsPort)
        let bob = try LineClient.loggedIn(as: "bob", port: chatd.port)

        for old in ["-tls1_1", "-tls1"] {
            let client = try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate, options: [old, "-cipher", "DEFAULT@SECLEVEL=0"])
            let result = try client.finish()
            #expect(result.status != 0, "s_client \(old) was not refused")
            #expect(!result.output.contains("NICK"))
        }
        let plain = try LineClient(port: tlsPort)
        plain.send("mallory")
        #expect(plain.waitForClose(timeout: 10))
        #expect(plain.drain().allSatisfy { !$0.contains("NICK") && !$0.contains("WELCOME") })

        bob.send("/users")
        #expect(try bob.expect(prefix: "USERS") == "USERS bob")
        #expect(try Self.statistics(chatd)["tlsHandshakesFailed"] == 3)
        #expect(chatd.log.contains("event=tls-handshake-failed"))
    }

    @Test func theTLSHandshakeCountsAgainstTheHandshakeTimeout() throws {
        let certificates = try TestCertificates()
        let (chatd, _) = try Self.tlsChatd(certificates, arguments: ["--handshake-timeout", "1"])
        let silent = try LineClient(port: try #require(chatd.tlsPort))
        #expect(silent.waitForClose(timeout: 10))
    }

    @Test func reloadServesANewCertificateAndKeepsTheLastGoodOne() throws {
        let certificates = try TestCertificates()
        let (chatd, files) = try Self.tlsChatd(certificates, name: "one")
        let tlsPort = try #require(chatd.tlsPort)
        let early = try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate)
        #expect(try early.peerCertificate() == "CN = one")
        try early.expect("NICK")
        early.send("early")
        try early.expect("WELCOME early")

        try Self.install(try certificates.issue("two"), at: files)
        kill(chatd.pid, SIGHUP)
        try waitForLog(chatd, "event=tls-reloaded", count: 1)
        #expect(try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate).peerCertificate() == "CN = two")
        early.send("/users")
        try early.expect("USERS early")

        // A key of another certificate, then a truncated certificate: both refused, "two" stays.
        let three = try certificates.issue("three")
        try Self.install((certificates.path("two.pem"), three.key), at: files)
        kill(chatd.pid, SIGHUP)
        try waitForLog(chatd, "event=tls-reload-failed", count: 1)
        #expect(chatd.log.contains("the private key does not belong to the certificate"))
        #expect(try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate).peerCertificate() == "CN = two")

        let whole = try String(contentsOfFile: three.certificate, encoding: .utf8)
        try Self.install((three.certificate, three.key), at: files)
        try String(whole.prefix(whole.count / 2)).write(toFile: files.certificate, atomically: false, encoding: .utf8)
        kill(chatd.pid, SIGHUP)
        try waitForLog(chatd, "event=tls-reload-failed", count: 2)
        #expect(try OpenSSLClient(port: tlsPort, caFile: certificates.caCertificate).peerCertificate() == "CN = two")
        early.send("still here")
        try early.expect("MSG early still here")
    }

    @Test func credentialsProvideTheCertificateWhenNoFileIsNamed() throws {
        let certificates = try TestCertificates()
        let issued = try certificates.issue("credential")
        let credentials = certificates.path("credentials")
        try FileManager.default.createDirectory(atPath: credentials, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: issued.certificate, toPath: credentials + "/tls-certificate")
        try FileManager.default.copyItem(atPath: issued.key, toPath: credentials + "/tls-key")
        let chatd = try ChatdProcess(arguments: ["--listen", "", "--listen-tls", "127.0.0.1:0"], environment: ["CREDENTIALS_DIRECTORY": credentials])
        #expect(chatd.port == 0, "listen \"\" still served plain text")
        let client = try OpenSSLClient(port: try #require(chatd.tlsPort), caFile: certificates.caCertificate)
        #expect(try client.peerCertificate() == "CN = credential")
    }

    @Test func aCertificateNearItsExpiryIsWarnedOfAtStartAndReload() throws {
        let certificates = try TestCertificates()
        let (chatd, files) = try Self.tlsChatd(certificates)
        try waitForLog(chatd, "chatd serving", count: 1)
        #expect(!chatd.log.contains("tls-certificate-expiring"))
        try Self.install(try certificates.issue("short", days: 3), at: files)
        kill(chatd.pid, SIGHUP)
        try waitForLog(chatd, "event=tls-certificate-expiring", count: 1)
        let warning = chatd.log.split(separator: "\n").first { $0.contains("event=tls-certificate-expiring") } ?? ""
        #expect(warning.contains("expires soon"))
        #expect(warning.contains("days-left=2"))

        let short = try certificates.issue("short-from-start", days: 3)
        let starting = try ChatdProcess(arguments: ["--listen-tls", "127.0.0.1:0", "--tls-certificate", short.certificate, "--tls-key", short.key])
        try waitForLog(starting, "event=tls-certificate-expiring", count: 1)
    }

    @Test func aTLSListenerWithoutAUsableCertificateIsAConfigurationError() throws {
        let certificates = try TestCertificates()
        let issued = try certificates.issue("one")
        let other = try certificates.issue("other")
        let cases: [([String], String)] = [
            ([], "tls-certificate and tls-key are not set"),
            (["--tls-certificate", issued.certificate], "tls-key is not set"),
            (["--tls-certificate", issued.certificate, "--tls-key", other.key], "the private key does not belong to the certificate"),
            (["--tls-certificate", certificates.path("missing.pem"), "--tls-key", issued.key], "missing.pem"),
        ]
        for (arguments, complaint) in cases {
            let result = try Subprocess.run(
                Binaries.path("chatd"),
                ["--listen", "127.0.0.1:0", "--listen-tls", "127.0.0.1:0", "--admin-socket", certificates.path("admin.sock"), "--log-target", "stderr"] + arguments
            )
            #expect(result.status == 78, "\(arguments): exit \(result.status)")
            #expect(result.errors.contains(complaint), "\(arguments): \(result.errors)")
        }
    }

    private func waitForLog(_ chatd: ChatdProcess, _ text: String, count: Int, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while chatd.log.components(separatedBy: text).count - 1 < count {
            guard Date() < deadline else { throw TestFailure("chatd did not log '\(text)' \(count) times:\n\(chatd.log)") }
            usleep(20_000)
        }
    }
}
