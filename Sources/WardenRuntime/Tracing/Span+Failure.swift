import Tracing
import WardenCore

extension Span {
    /// Marks the span failed, with Warden's stable error code as `error.type` (the OpenTelemetry attribute) and as the
    /// status message. Never the error's message: it may quote the caller's input.
    func recordFailure(_ error: any Error) {
        let type: String
        switch error {
        case let e as WardenError: type = e.code.rawValue
        case is CancellationError: type = "cancelled"
        default: type = String(describing: Swift.type(of: error))
        }
        attributes["error.type"] = type
        setStatus(SpanStatus(code: .error, message: type))
    }
}
