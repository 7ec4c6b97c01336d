/// Why a client certificate was refused, with a stable reason (logged and audited) and a message that says what to fix.
public struct ClientCertificateRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable, CaseIterable {
        /// The peer presented no certificate where one is required.
        case noCertificate = "no_certificate"
        /// A presented certificate could not be parsed.
        case malformed
        /// The chain does not lead to a configured client CA (or a CA in it is not fit to issue it).
        case untrusted
        case expired
        case notYetValid = "not_yet_valid"
        /// The certificate may not be used for TLS client authentication (key usage / extended key usage).
        case wrongUsage = "wrong_usage"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(reason.rawValue): \(message)" }
}
