import ArgumentParser

/// The measuring window and message size, shared by the scenarios that send load.
struct WindowOptions: ParsableArguments {
    @Option(help: "Seconds measured, after the warm-up.")
    var seconds = 10.0

    @Option(help: "Seconds of load before measuring.")
    var warmUp = 1.0

    @Option(help: "Bytes of text per message.")
    var textBytes = 64
}
