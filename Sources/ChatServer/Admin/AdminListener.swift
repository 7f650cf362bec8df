extension ChatServer {
    /// Where the admin socket comes from.
    public enum AdminListener: Sendable {
        /// A listening Unix socket passed in by the service manager: never
        /// created, re-moded or removed by chatd.
        case inherited(CInt)
        /// A path chatd binds itself: a stale socket there is replaced, a live
        /// chatd there stops this one from starting, and the socket is removed on exit.
        case path(String)
    }
}
