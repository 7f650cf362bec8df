/// Where input comes from and output goes: a terminal with a line editor,
/// or plain pipes. `ClientLoop` drives either the same way.
protocol Frontend: AnyObject {
    var inputFD: Int32 { get }
    /// Whether the loop should poll `inputFD` now.
    func wantsToRead(_ session: ChatSession) -> Bool
    /// Reads what is available without blocking for more.
    func readInput()
    /// The next event, if there is one and the session takes input now.
    func nextEvent(_ session: ChatSession) -> InputEvent?
    func show(_ line: StyledText)
    func askForAlias()
    /// The session changed (prompt, who is around): refresh what depends
    /// on it.
    func update(_ session: ChatSession)
    /// The terminal was resized or resumed after a stop.
    func refreshTerminal()
    /// Leaves the terminal as it was found. Called on every exit path.
    func finish()
}
