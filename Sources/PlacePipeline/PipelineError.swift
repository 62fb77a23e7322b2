/// A problem the pipeline explains in words (data too short for a stage, for example): the command line prints
/// `Error: MESSAGE`; the web app shows the message.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(_ message: String) { self.message = message }
}
