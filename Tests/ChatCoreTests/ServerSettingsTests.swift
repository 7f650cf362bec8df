import ChatCore
import Testing

@Suite struct ServerSettingsTests {
    @Test func defaultsAreTheDocumentedOnes() throws {
        let settings = ServerSettings()
        #expect(settings.listen == ListenAddress(host: "127.0.0.1", port: 55555))
        #expect(settings.maxLineBytes == 4096)
        #expect(settings.maxClients == 10_000)
        #expect(settings.maxClientsPerAddress == 16)
        #expect(settings.limitExempt.map(\.description) == ["127.0.0.0/8", "::1"])
        #expect(settings.rateLimit == 10 && settings.rateBurst == 20)
        #expect(settings.sendQueueBytes == 1_048_576)
        #expect(settings.handshakeTimeoutSeconds == 30)
        #expect(settings.presenceLimit == 1000)
        #expect(settings.reservedAliases == ["server", "chatd", "admin", "root"])
        try settings.validate()
    }

    @Test func configFileSetsValuesAndReportsLines() throws {
        var settings = ServerSettings()
        try ConfigFile.apply(
            "# comment\n\nrate-limit = 0\n  max-clients=5 \nlimit-exempt =\nreserved-aliases = a, b\nlisten = [::]:7000\n",
            named: "test.conf", to: &settings
        )
        #expect(settings.rateLimit == 0)
        #expect(settings.maxClients == 5)
        #expect(settings.limitExempt.isEmpty)
        #expect(settings.reservedAliases == ["a", "b"])
        #expect(settings.listen == ListenAddress(host: "::", port: 7000))
        #expect(throws: SettingsError("test.conf:2: unknown setting 'colour' (see man chatd.conf)")) {
            try ConfigFile.apply("\ncolour = blue\n", named: "test.conf", to: &settings)
        }
        #expect(throws: SettingsError.self) {
            try ConfigFile.apply("max-clients = -1", named: "test.conf", to: &settings)
        }
        #expect(throws: SettingsError.self) {
            try ConfigFile.apply("just words", named: "test.conf", to: &settings)
        }
    }

    @Test func memoryBoundsRefuseValuesBelowTheirMinimum() throws {
        var settings = ServerSettings()
        try settings.set(.maxLineBytes, to: "63")
        #expect(throws: SettingsError.self) { try settings.validate() }
        settings = ServerSettings()
        try settings.set(.sendQueueBytes, to: "1000")
        #expect(throws: SettingsError.self) { try settings.validate() }
        settings = ServerSettings()
        try settings.set(.maxLineBytes, to: "300000")
        #expect(throws: SettingsError.self) { try settings.validate() }
        try settings.set(.sendQueueBytes, to: "1200000")
        try settings.validate()
    }

    @Test func onlySocketAndLoggingSettingsNeedARestart() throws {
        let old = ServerSettings()
        var new = old
        try new.set(.rateLimit, to: "3")
        #expect(new.restartRequiredChanges(comparedTo: old).isEmpty)
        try new.set(.listen, to: "0.0.0.0:1")
        #expect(new.restartRequiredChanges(comparedTo: old) == [.listen])
        #expect(ListenAddress("nohost") == nil)
        #expect(ListenAddress("host:99999") == nil)
    }

    /// The error for a bad address suggests `""`; the config file takes it as written.
    @Test func anEmptyOrQuotedEmptyListenTurnsThePlainListenerOff() throws {
        for text in ["listen =\n", "listen = \"\"\n"] {
            var settings = ServerSettings()
            try ConfigFile.apply(text, named: "tls-only.conf", to: &settings)
            #expect(settings.listen == nil, "\(text)")
        }
    }
}

@Suite struct ConfigFileLineEndTests {
    @Test func crlfAndLFFilesGiveTheSameSettings() throws {
        var fromLF = ServerSettings()
        var fromCRLF = ServerSettings()
        try ConfigFile.apply("rate-limit = 5\nmax-clients = 7\n", named: "lf.conf", to: &fromLF)
        try ConfigFile.apply("rate-limit = 5\r\nmax-clients = 7\r\n", named: "crlf.conf", to: &fromCRLF)
        #expect(fromCRLF == fromLF)
        #expect(fromCRLF.maxClients == 7)
    }

    @Test func errorsStillNameTheRightLine() {
        var settings = ServerSettings()
        #expect(throws: SettingsError("crlf.conf:2: unknown setting 'colour' (see man chatd.conf)")) {
            try ConfigFile.apply("rate-limit = 5\r\ncolour = red\r\n", named: "crlf.conf", to: &settings)
        }
    }

    /// The cluster's password never sits in a setting, which `ps` and the journal show.
    @Test func clusterSettingsAreCheckedAndKeepPasswordsOut() throws {
        var settings = ServerSettings()
        #expect(settings.cluster == nil && settings.clusterName == "chatd" && settings.nodeName == nil)
        try settings.set(.cluster, to: "host=/run/postgresql dbname=chat user=chatd")
        try settings.set(.clusterName, to: "chat_2")
        try settings.set(.nodeName, to: "Node-1.example")
        #expect(settings.restartRequiredChanges(comparedTo: ServerSettings()) == [.cluster, .clusterName, .nodeName])
        for secret in ["host=db password=hunter2", "host=db password = 'x'", "postgresql://chatd:hunter2@db/chat", "postgres://db/chat?password=x"] {
            #expect(throws: SettingsError.self) { try settings.set(.cluster, to: secret) }
        }
        try settings.set(.cluster, to: "postgresql://chatd@db.example.org/chat")
        for bad in ["", "Chat", "a b", String(repeating: "c", count: 41)] {
            #expect(throws: SettingsError.self) { try settings.set(.clusterName, to: bad) }
        }
        for bad in ["", "n 1", "n/1", String(repeating: "n", count: 64)] {
            #expect(throws: SettingsError.self) { try settings.set(.nodeName, to: bad) }
        }
        try settings.set(.cluster, to: "")
        #expect(settings.cluster == nil)
    }
}
