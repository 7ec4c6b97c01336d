import Foundation
import X509

/// Verifies a TLS client's certificate chain against the configured client CAs only (never the system roots), with
/// swift-certificates' ``Verifier``: the chain's signatures up to a configured CA, ``RFC5280Policy`` (versions,
/// validity periods of every certificate, basic constraints, name constraints) and ``ClientAuthenticationUsagePolicy``
/// (key usage and extended key usage permit client authentication). A refusal says precisely why.
public struct ClientCertificateVerifier: Sendable {
    /// The CA certificates a client certificate must chain to.
    public let authorities: [Certificate]
    private let roots: CertificateStore

    /// - Parameter authorities: the trusted client CAs (the `tls.clientCAFile` bundle).
    public init(authorities: [Certificate]) {
        self.authorities = authorities
        roots = CertificateStore(authorities)
    }

    /// The validated chain (leaf to CA) of `presentedChain`, as the client sent it: its leaf first, then any
    /// intermediates (in any order; they are only candidates for chain building).
    /// - Throws: ``ClientCertificateRefusal`` saying why the chain is refused.
    public func verify(presentedChain: [Certificate]) async throws(ClientCertificateRefusal) -> ValidatedCertificateChain {
        guard let leaf = presentedChain.first else {
            throw ClientCertificateRefusal(.noCertificate, "no client certificate was presented; this server requires one")
        }
        var verifier = Verifier(rootCertificates: roots) {
            RFC5280Policy()
            ClientAuthenticationUsagePolicy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore(presentedChain.dropFirst()))
        switch result {
        case .validCertificate(let chain):
            return chain
        case .couldNotValidate(let failures):
            throw Self.refusal(leaf: leaf, failures: failures, at: Date())
        }
    }

    /// The most precise reason a chain starting at `leaf` failed. Which chains failed is the verifier's decision;
    /// this only names the cause: with no candidate chain at all, the leaf does not lead to a trusted CA; with
    /// candidates, the leaf's own dates and usage are the usual causes, else the first failure's reason.
    static func refusal(leaf: Certificate, failures: [CertificateValidationResult.PolicyFailure], at now: Date) -> ClientCertificateRefusal {
        let who = "the client certificate (subject '\(leaf.subject)', issuer '\(leaf.issuer)')"
        guard let first = failures.first else {
            return ClientCertificateRefusal(.untrusted, "\(who) does not chain to a configured client CA (tls.clientCAFile), "
                + "or it carries a critical extension Warden does not understand; have it issued by a configured CA")
        }
        let stamp = ISO8601DateFormatter()
        if now < leaf.notValidBefore {
            return ClientCertificateRefusal(.notYetValid, "\(who) is not valid until \(stamp.string(from: leaf.notValidBefore)); "
                + "check the clocks, or wait")
        }
        if now > leaf.notValidAfter {
            return ClientCertificateRefusal(.expired, "\(who) expired at \(stamp.string(from: leaf.notValidAfter)); renew it")
        }
        if let usage = ClientAuthenticationUsagePolicy.leafUsageProblem(leaf) {
            return ClientCertificateRefusal(.wrongUsage, "\(who): \(usage)")
        }
        return ClientCertificateRefusal(.untrusted, "\(who) fails verification: \(first.policyFailureReason)")
    }
}
