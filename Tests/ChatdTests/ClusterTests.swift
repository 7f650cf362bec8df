import Dispatch
import Foundation
import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Cluster mode (issue 14): three real chatd nodes, n1, n2 and n3, form one
/// chat through one scratch PostgreSQL, over real sockets. Each test has its
/// own PostgreSQL and its own cluster; timeouts are the promised upper bounds.
@Suite struct ClusterTests {
    @Test func broadcastAndPresenceCrossNodes() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("carol", on: cluster.n3)
        let dave = try Member("dave", on: cluster.n1)
        let everyone = [alice, bob, carol, dave]
        for member in everyone { try member.waitForUsers(["alice", "bob", "carol", "dave"]) }

        alice.send("hello")
        for member in everyone {
            #expect(try member.expect(prefix: "MSG") == "MSG alice hello", "\(member)")
        }
        // Everyone hears of those who logged in after them, on whichever node.
        for (member, later) in [(alice, ["bob", "carol", "dave"]), (bob, ["carol", "dave"]), (carol, ["dave"])] {
            for alias in later {
                #expect(try member.expect(prefix: "JOIN \(alias)") == "JOIN \(alias)", "\(member)")
            }
        }
        carol.send("/bm from n3")
        for member in everyone {
            #expect(try member.expect(prefix: "MSG") == "MSG carol from n3", "\(member)")
        }
    }

    @Test func directMessagesCrossNodesAndReachOnlyTheirAddressee() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("Carol", on: cluster.n3)
        try alice.waitForUsers(["alice", "bob", "Carol"])

        alice.send("/dm Carol psst")
        #expect(try carol.expect(prefix: "DM") == "DM alice psst")
        alice.send("/dm carol  two  spaces")
        #expect(try carol.expect(prefix: "DM") == "DM alice  two  spaces")
        alice.send("/dm nobody x")
        #expect(try alice.expect(prefix: "ERR").hasPrefix("ERR "))

        // A broadcast after the DMs marks the end: nothing for bob before it
        // but the broadcast, and nothing came back to alice.
        alice.send("done")
        for member in [alice, bob, carol] {
            #expect(try member.expect(prefix: "MSG alice done") == "MSG alice done")
        }
        #expect(bob.drain().allSatisfy { !$0.hasPrefix("DM") })
        #expect(alice.drain().allSatisfy { !$0.hasPrefix("DM") })
    }

    @Test func usersListsEveryoneInJoinOrderOnEveryNode() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let order = ["alice", "bob", "carol", "dave", "erin", "frank"]
        // One at a time, each welcomed before the next connects: n1, n2, n3, n1, n2, n3.
        let members = try order.enumerated().map { index, alias in
            try Member(alias, on: cluster.nodes[index % 3])
        }
        for member in members {
            #expect(try member.waitForUsers(order) == order, "\(member)")
        }
        members[1].send("/quit")
        let remaining = order.filter { $0 != "bob" }
        for member in members where member.alias != "bob" {
            #expect(try member.waitForUsers(where: { !$0.contains("bob") }) == remaining, "\(member)")
        }
    }

    @Test func exactlyOneOfThirtyConcurrentLoginsGetsAnAlias() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let contenders = try (0..<30).map { try LineClient(port: cluster.nodes[$0 % 3].port) }
        for contender in contenders { try contender.expect(prefix: "NICK") }
        DispatchQueue.concurrentPerform(iterations: contenders.count) { contenders[$0].send("zed") }
        let replies = try contenders.map { try $0.readLine(timeout: 15) }
        let welcomed = replies.indices.filter { replies[$0].hasPrefix("WELCOME zed ") }
        #expect(welcomed.count == 1, "\(replies)")
        #expect(replies.filter { $0.hasPrefix("ERR ") }.count == contenders.count - 1, "\(replies)")

        // The losers are asked again and may take another alias.
        let loser = try #require(contenders.indices.first { !welcomed.contains($0) })
        try contenders[loser].expect(prefix: "NICK")
        contenders[loser].send("zoe")
        #expect(try contenders[loser].expect(prefix: "WELCOME").hasPrefix("WELCOME zoe "))
        if let winner = welcomed.first {
            contenders[winner].send("/users")
            let users = try contenders[winner].expect(prefix: "USERS").split(separator: " ").dropFirst()
            #expect(users.filter { $0 == "zed" }.count == 1, "\(users)")
        }
    }

    @Test func kickAndNoticeFromAnotherNode() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("carol", on: cluster.n3)
        for member in [alice, carol] { try member.waitForUsers(["alice", "bob", "carol"]) }

        let kick = try chatctl(["kick", "bob", "--reason", "too loud"], against: cluster.n1)
        #expect(kick.status == 0, "\(kick)")
        #expect(try bob.expect(prefix: "KICKED") == "KICKED too loud")
        #expect(bob.client.waitForClose(), "bob's connection stays open after KICKED")
        for member in [alice, carol] {
            #expect(try member.expect(prefix: "LEAVE bob") == "LEAVE bob too loud", "\(member)")
        }
        for member in [alice, carol] {
            #expect(try member.waitForUsers(where: { !$0.contains("bob") }) == ["alice", "carol"], "\(member)")
        }

        let dave = try Member("dave", on: cluster.n2)
        try alice.expect(prefix: "JOIN dave")
        let notice = try chatctl(["notice", "maintenance", "at", "noon"], against: cluster.n3)
        #expect(notice.status == 0, "\(notice)")
        for member in [alice, dave, carol] {
            #expect(try member.expect(prefix: "NOTICE") == "NOTICE maintenance at noon", "\(member)")
        }
    }

    /// A ban made on one node holds on every node, also on one that joins
    /// the cluster afterwards (bans are kept in PostgreSQL until they end).
    @Test func aBanHoldsOnEveryNodeAndOnANodeThatJoinsLater() throws {
        let cluster = try ChatCluster(nodes: 2)
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let mallory = try Member("mallory", on: cluster.n2)
        try alice.waitForUsers(["alice", "mallory"])
        let kick = try chatctl(["kick", "mallory", "--ban", "10m"], against: cluster.n1)
        #expect(kick.status == 0, "\(kick)")
        #expect(try mallory.expect(prefix: "KICKED").hasPrefix("KICKED"))
        try alice.expect(prefix: "LEAVE mallory")

        let late = try ChatdProcess(arguments: ["--cluster", cluster.postgres.conninfo, "--cluster-name", cluster.name, "--node-name", "n3"])
        defer { withExtendedLifetime(late) {} }
        for node in [cluster.n1, cluster.n2, late] {
            let again = try LineClient(port: node.port)
            try again.expect(prefix: "NICK")
            again.send("Mallory")
            let answer = try again.readLine()
            #expect(answer.hasPrefix("ERR the alias Mallory is banned"), "port \(node.port): \(answer)")
        }
    }

    @Test func chatctlListShowsTheUsersOfEveryNodeWithTheirNode() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let members = [
            try Member("alice", on: cluster.n1), try Member("bob", on: cluster.n2), try Member("carol", on: cluster.n3),
        ]
        try members[0].waitForUsers(["alice", "bob", "carol"])
        let expected = [("alice", "n1"), ("bob", "n2"), ("carol", "n3")]

        let json = try chatctl(["list", "--json"], against: cluster.n1)
        #expect(json.status == 0, "\(json)")
        let object = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        let users = try #require(object?["users"] as? [[String: Any]], "\(json.output)")
        let listed = users.map { "\($0["alias"] ?? "-")@\($0["node"] ?? "-")" }
        #expect(listed == expected.map { "\($0.0)@\($0.1)" }, "\(json.output)")

        let table = try chatctl(["list"], against: cluster.n1)
        #expect(table.status == 0, "\(table)")
        let lines = table.output.split(separator: "\n").map(String.init)
        try #require(lines.count == 4, "\(table.output)")
        let header = lines[0]
        let nodeColumn = try #require(header.range(of: "NODE"), "\(table.output)").lowerBound.utf16Offset(in: header)
        for (row, (alias, node)) in zip(lines.dropFirst(), expected) {
            #expect(row.dropFirst(nodeColumn).prefix { $0 != " " } == node, "\(table.output)")
            #expect(row.split(separator: " ").contains(Substring(alias)), "\(table.output)")
        }
    }

    @Test func usersOfAKilledNodeLeaveWithNodeLost() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("carol", on: cluster.n3)
        for member in [alice, carol] { try member.waitForUsers(["alice", "bob", "carol"]) }

        try cluster.n2.stop(signal: SIGKILL)
        for member in [alice, carol] {
            #expect(try member.expect(prefix: "LEAVE bob", timeout: 10) == "LEAVE bob node lost", "\(member)")
        }
        #expect(bob.client.waitForClose())
        // The alias is free again, on another node.
        let bobAgain = try Member("bob", on: cluster.n1)
        #expect(try carol.expect(prefix: "JOIN bob") == "JOIN bob")
        #expect(try bobAgain.waitForUsers(["alice", "bob", "carol"]) == ["alice", "carol", "bob"])
    }

    @Test func usersOfAStoppedNodeLeaveWithServerShuttingDown() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("carol", on: cluster.n3)
        for member in [alice, carol] { try member.waitForUsers(["alice", "bob", "carol"]) }

        kill(cluster.n2.pid, SIGTERM)
        for member in [alice, carol] {
            #expect(
                try member.expect(prefix: "LEAVE bob", timeout: 3) == "LEAVE bob server shutting down", "\(member)"
            )
        }
        #expect(try bob.expect(prefix: "NOTICE").hasPrefix("NOTICE "))
        let deadline = Date().addingTimeInterval(10)
        while cluster.n2.process.isRunning, Date() < deadline { usleep(20_000) }
        #expect(!cluster.n2.process.isRunning && cluster.n2.process.terminationStatus == 0)
    }

    /// A node that stops reading (SIGSTOP: as slow as a node can be) holds
    /// up nobody else: the others chat on, find it lost, end its session so
    /// that PostgreSQL's queue does not wait for it, and take it back once
    /// it runs again.
    @Test func aStoppedNodeDoesNotSlowTheOthersAndRejoinsWhenItRunsAgain() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        let carol = try Member("carol", on: cluster.n3)
        for member in [alice, bob, carol] { try member.waitForUsers(["alice", "bob", "carol"]) }

        kill(cluster.n2.pid, SIGSTOP)
        defer { kill(cluster.n2.pid, SIGCONT) }
        for round in 1...3 {
            alice.send("round \(round)")
            #expect(try carol.expect(prefix: "MSG alice round", timeout: 2) == "MSG alice round \(round)")
            usleep(200_000)
        }
        for member in [alice, carol] {
            #expect(try member.expect(prefix: "LEAVE bob", timeout: 10) == "LEAVE bob node lost", "\(member)")
        }
        kill(cluster.n2.pid, SIGCONT)
        // bob's node first: if it does not come back, its log is the one to read.
        #expect(try bob.expect(prefix: "NOTICE this node reaches the other chat nodes again", timeout: 15).hasPrefix("NOTICE"))
        for member in [alice, carol] {
            #expect(try member.expect(prefix: "JOIN bob", timeout: 15) == "JOIN bob", "\(member)")
        }
        carol.send("welcome back")
        #expect(try bob.expect(prefix: "MSG carol") == "MSG carol welcome back")
    }

    @Test func nodeServesItsOwnUsersWithoutPostgreSQLAndJoinsAgain() throws {
        let cluster = try ChatCluster()
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let dave = try Member("dave", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        try alice.waitForUsers(["alice", "dave", "bob"])
        try bob.waitForUsers(["alice", "dave", "bob"])

        try cluster.postgres.stopServer()
        let outage = try alice.expect(prefix: "NOTICE", timeout: 10)
        _ = try bob.expect(prefix: "NOTICE", timeout: 10)
        // Local chat goes on.
        alice.send("still here")
        for member in [alice, dave] {
            #expect(try member.expect(prefix: "MSG alice still here") == "MSG alice still here", "\(member)")
        }
        // But no alias can be claimed without the cluster.
        let refused = try LineClient(port: cluster.n1.port)
        try refused.expect(prefix: "NICK")
        refused.send("erin")
        let answer = try refused.readLine(timeout: 10)
        #expect(answer.hasPrefix("ERR "), "a login during the outage was answered '\(answer)'")

        _ = alice.drain(timeout: 0.1)
        try cluster.postgres.startServer()
        let back = try alice.expect(prefix: "NOTICE", timeout: 15)
        #expect(back != outage, "the same NOTICE twice: \(outage)")
        #expect(Set(try alice.waitForUsers(["alice", "dave", "bob"], timeout: 15)) == ["alice", "dave", "bob"])
        let erin = try Member("erin", on: cluster.n1)
        defer { withExtendedLifetime(erin) {} }
        // n2's rows outlive a clean PostgreSQL shutdown, but n1 lists bob only
        // once n2 listens again (each node retries on its own back-off):
        // whoever n1 shows hears what is said at once.
        alice.send("back again")
        #expect(try bob.expect(prefix: "MSG alice back again", timeout: 10) == "MSG alice back again")
    }

    /// `sslmode=verify-full` against a PostgreSQL that refuses TCP without
    /// TLS: the nodes chat through it; a node with `sslmode=disable` is
    /// refused by PostgreSQL, says why, and refuses logins; one that trusts
    /// another root refuses PostgreSQL's certificate and never joins.
    @Test func nodesReachPostgreSQLOverTLSAndOneWithoutTLSIsRefused() throws {
        let port = try FreePort.find()
        let postgres = try ScratchPostgres(tlsPort: port)
        // Declared first, so it runs last: the nodes go before their database.
        defer { withExtendedLifetime(postgres) {} }
        let name = "t" + UUID().uuidString.prefix(8).lowercased()
        let verified = "host=localhost port=\(port) user=postgres dbname=postgres sslmode=verify-full sslrootcert=\(postgres.certificatePath)"
        let n1 = try ChatdProcess(arguments: ["--cluster", verified, "--cluster-name", name, "--node-name", "n1"])
        let n2 = try ChatdProcess(arguments: ["--cluster", verified, "--cluster-name", name, "--node-name", "n2"])
        defer { withExtendedLifetime([n1, n2]) {} }
        let alice = try Member("alice", on: n1)
        let bob = try Member("bob", on: n2)
        try alice.waitForUsers(["alice", "bob"])
        bob.send("over TLS")
        #expect(try alice.expect(prefix: "MSG bob") == "MSG bob over TLS")

        let plain = "host=127.0.0.1 port=\(port) user=postgres dbname=postgres sslmode=disable"
        let n3 = try ChatdProcess(arguments: ["--cluster", plain, "--cluster-name", name, "--node-name", "n3"])
        defer { withExtendedLifetime(n3) {} }
        let refused = try LineClient(port: n3.port)
        try refused.expect(prefix: "NICK")
        refused.send("carol")
        #expect(try refused.readLine().hasPrefix("ERR the other chat nodes are out of reach"))
        #expect(n3.log.contains("cluster out of reach"), "\(n3.log)")
        #expect(n3.log.contains("no encryption"), "\(n3.log)")

        // verify-full with a root that did not sign PostgreSQL's certificate: no join.
        let otherRoot = try TestCertificates()
        let misled = "host=localhost port=\(port) user=postgres dbname=postgres sslmode=verify-full sslrootcert=\(otherRoot.caCertificate)"
        let n4 = try ChatdProcess(arguments: ["--cluster", misled, "--cluster-name", name, "--node-name", "n4"])
        defer { withExtendedLifetime(n4) {} }
        #expect(n4.log.contains("CERTIFICATE_VERIFY_FAILED"), "\(n4.log)")
        try alice.waitForUsers(timeout: 2) { $0 == ["alice", "bob"] }
    }

    @Test func broadcastsFromOneSenderArriveInOrder() throws {
        let cluster = try ChatCluster(arguments: ["--rate-limit", "0"])
        defer { withExtendedLifetime(cluster) {} }
        let alice = try Member("alice", on: cluster.n1)
        let bob = try Member("bob", on: cluster.n2)
        try alice.waitForUsers(["alice", "bob"])
        try bob.waitForUsers(["alice", "bob"])

        let count = 200
        let sent = (1...count).map { "message \($0) of \(count)" }
        alice.client.sendRaw(Array(sent.map { $0 + "\n" }.joined().utf8))
        for member in [alice, bob] {
            var received: [String] = []
            let deadline = Date().addingTimeInterval(60)
            while received.count < count, Date() < deadline {
                let line = try member.expect(prefix: "MSG alice ", timeout: deadline.timeIntervalSinceNow)
                received.append(String(line.dropFirst("MSG alice ".count)))
            }
            let firstDifference = zip(received, sent).first { $0 != $1 }.map { "'\($0)' where '\($1)' was sent" } ?? "none"
            #expect(received == sent, "\(member) got \(received.count) of \(count); first difference: \(firstDifference)")
        }
    }
}

/// Three chatd nodes, n1 to n3, of one cluster over one scratch PostgreSQL.
final class ChatCluster {
    let postgres: ScratchPostgres
    /// `t` and random letters: no two tests share a cluster.
    let name: String
    private(set) var nodes: [ChatdProcess]

    init(nodes count: Int = 3, arguments: [String] = []) throws {
        let postgres = try ScratchPostgres()
        let name = "t" + UUID().uuidString.prefix(8).lowercased()
        self.postgres = postgres
        self.name = name
        nodes = try (1...count).map { index in
            try ChatdProcess(arguments: [
                "--cluster", postgres.conninfo, "--cluster-name", name, "--node-name", "n\(index)",
            ] + arguments)
        }
    }

    /// The nodes go first (SIGKILL), then their database.
    deinit {
        nodes.removeAll()
    }

    var n1: ChatdProcess { nodes[0] }
    var n2: ChatdProcess { nodes[1] }
    var n3: ChatdProcess { nodes[2] }
}

/// A logged-in user of one node. Lines read while waiting for another are
/// held, in order, for a later `expect`, so a test can look for a line
/// without losing those around it.
final class Member: CustomStringConvertible {
    let alias: String
    let node: ChatdProcess
    let client: LineClient
    private var held: [String] = []

    init(_ alias: String, on node: ChatdProcess) throws {
        self.alias = alias
        self.node = node
        client = try LineClient.loggedIn(as: alias, port: node.port)
    }

    var description: String { "\(alias) (port \(node.port))" }

    func send(_ line: String) {
        client.send(line)
    }

    /// The first held or arriving line that starts with `prefix`.
    @discardableResult
    func expect(prefix: String, timeout: Double = 10) throws -> String {
        if let index = held.firstIndex(where: { $0.hasPrefix(prefix) }) {
            return held.remove(at: index)
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let line: String
            do {
                line = try client.readLine(timeout: max(0.01, deadline.timeIntervalSinceNow))
            } catch {
                throw TestFailure("\(self) expected a line starting with '\(prefix)' within \(timeout)s, has \(held): \(error)\n\(logTail)")
            }
            if line.hasPrefix(prefix) { return line }
            held.append(line)
        }
    }

    /// The held lines and those arriving within `timeout`; none are held afterwards.
    func drain(timeout: Double = 0.3) -> [String] {
        defer { held.removeAll() }
        return held + client.drain(timeout: timeout)
    }

    /// The aliases of a `/users` answer.
    func users(timeout: Double = 10) throws -> [String] {
        send("/users")
        return try expect(prefix: "USERS", timeout: timeout).split(separator: " ").dropFirst().map(String.init)
    }

    /// Asks `/users` until the answer contains `aliases` (this node has heard
    /// of them all), and returns that answer.
    @discardableResult
    func waitForUsers(_ aliases: [String], timeout: Double = 10) throws -> [String] {
        try waitForUsers(timeout: timeout, where: { Set(aliases).isSubset(of: $0) })
    }

    @discardableResult
    func waitForUsers(timeout: Double = 10, where condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let listed = try users(timeout: max(1, deadline.timeIntervalSinceNow))
            if condition(listed) { return listed }
            guard Date() < deadline else {
                throw TestFailure("\(self) still sees \(listed) after \(timeout)s\n\(logTail)")
            }
            // Ten a second: within the default rate limit.
            usleep(100_000)
        }
    }

    private var logTail: String {
        "log of chatd on port \(node.port):\n" + node.log.split(separator: "\n").suffix(15).joined(separator: "\n")
    }
}

/// The real chatctl against `node`'s admin socket.
func chatctl(_ arguments: [String], against node: ChatdProcess) throws -> (status: Int32, output: String, errors: String) {
    try Subprocess.run(Binaries.path("chatctl"), ["--socket", node.adminSocketPath] + arguments)
}
