import Testing
import TestSupport

/// chat-bench is not a test, but a small run of each scenario keeps it from
/// rotting as chatd changes. Only correctness is asserted (every message
/// arrived, nobody was refused), never a timing.
@Suite(.serialized) struct BenchSmokeTests {
    @Test func fanoutDeliversEveryBroadcastToEveryClient() throws {
        let run = try BenchRun(["fanout", "--clients", "200", "--senders", "5", "--seconds", "1", "--warm-up", "0.2"])
        #expect(run.report.scenario == "fanout")
        #expect(run.report.lost == 0)
        #expect(run.report.errors == 0)
        #expect((run.report.deliveries ?? 0) > 0)
        #expect(run.status == 0)
    }

    @Test func directMessagesAllReachTheirPartner() throws {
        let run = try BenchRun(["dm", "--clients", "100", "--rate", "500", "--seconds", "1", "--warm-up", "0.2"])
        #expect(run.report.scenario == "dm")
        #expect(run.report.lost == 0)
        #expect(run.report.errors == 0)
        #expect((run.report.checked ?? 0) > 0)
        #expect(run.status == 0)
    }

    @Test func fanoutOverTLSDeliversEveryBroadcastToEveryClient() throws {
        let run = try BenchRun(["fanout", "--tls", "--clients", "50", "--senders", "2", "--seconds", "1", "--warm-up", "0.2"])
        #expect(run.report.scenario == "fanout")
        #expect(run.report.lost == 0)
        #expect(run.report.errors == 0)
        #expect((run.report.deliveries ?? 0) > 0)
        #expect(run.status == 0)
    }

    @Test func connectOverTLSLogsEveryoneInAndOut() throws {
        let run = try BenchRun(["connect", "--tls", "--clients", "100", "--rounds", "1", "--idle", "0.2"])
        #expect(run.report.scenario == "connect")
        #expect(run.report.errors == 0)
        #expect(run.status == 0)
    }

    @Test func connectLogsEveryoneInAndOutTwice() throws {
        let run = try BenchRun(["connect", "--clients", "300", "--rounds", "2", "--idle", "0.2"])
        #expect(run.report.scenario == "connect")
        #expect(run.report.errors == 0)
        #expect(run.status == 0)
    }

    @Test func coldStartUnderSocketActivationWelcomesTheFirstClient() throws {
        let run = try BenchRun(["coldstart", "--runs", "1"])
        #expect(run.report.scenario == "coldstart")
        #expect(run.report.errors == 0)
        #expect(run.status == 0)
    }

    /// Three nodes through a scratch PostgreSQL, then one chatd alone.
    @Test func clusterDeliversEveryBroadcastToEveryClientOnEveryNode() throws {
        let postgres = try ScratchPostgres()
        let run = try BenchRun([
            "cluster", "--cluster", postgres.conninfo, "--clients", "30", "--rate", "20", "--seconds", "1", "--warm-up", "0.2",
        ])
        #expect(run.status == 0)
        #expect(run.reports.map(\.scenario) == ["cluster", "cluster"])
        for report in run.reports {
            #expect(report.lost == 0 && report.errors == 0, "\(report)")
            #expect((report.deliveries ?? 0) > 0)
        }
    }
}
