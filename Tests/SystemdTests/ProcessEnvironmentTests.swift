import Testing

/// Every test that reads or changes the process environment lives in a suite
/// nested in this one, so they never run concurrently with each other.
@Suite(.serialized) struct ProcessEnvironmentTests {}
