import Glibc
import Testing

@testable import Systemd

@Suite struct SocketActivationTests {
    @Test func namesPairWithDescriptorsFromThree() {
        #expect(
            SocketActivation.sockets(names: ["chat", "admin", "unknown"]) == [
                ListenedSocket(descriptor: 3, name: "chat"),
                ListenedSocket(descriptor: 4, name: "admin"),
                ListenedSocket(descriptor: 5, name: "unknown"),
            ])
    }

    @Test func noNamesNoSockets() {
        #expect(SocketActivation.sockets(names: []).isEmpty)
    }

    @Test func errorNamesTheVariablesAndTheCause() {
        #expect(
            SocketActivationError(code: EBADF).description
                == "cannot adopt the sockets systemd passed (LISTEN_PID, LISTEN_FDS, LISTEN_FDNAMES): Bad file descriptor")
    }
}

extension ProcessEnvironmentTests {
    /// Real descriptors at fd 3.. cannot be arranged inside the test runner;
    /// chatd's integration tests cover adoption with systemd-socket-activate.
    @Suite struct TakeListenedSocketsTests {
        private static let variables = ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"]

        @Test func notSocketActivated() throws {
            let sockets = try withEnvironment(["LISTEN_PID": nil, "LISTEN_FDS": nil, "LISTEN_FDNAMES": nil]) {
                try SocketActivation.takeListenedSockets()
            }
            #expect(sockets.isEmpty)
        }

        @Test func variablesForAnotherProcessAreIgnoredAndUnset() throws {
            let (sockets, left) = try withEnvironment(
                ["LISTEN_PID": "\(getppid())", "LISTEN_FDS": "2", "LISTEN_FDNAMES": "chat:admin"]
            ) {
                (try SocketActivation.takeListenedSockets(), Self.variables.compactMap(environment))
            }
            #expect(sockets.isEmpty)
            #expect(left.isEmpty)
        }

        @Test func malformedCountThrowsAndUnsets() {
            withEnvironment(["LISTEN_PID": "\(getpid())", "LISTEN_FDS": "many", "LISTEN_FDNAMES": nil]) {
                #expect(throws: SocketActivationError(code: EINVAL)) {
                    try SocketActivation.takeListenedSockets()
                }
                #expect(Self.variables.allSatisfy { environment($0) == nil })
            }
        }
    }
}
