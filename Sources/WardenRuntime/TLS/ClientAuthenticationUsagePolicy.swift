import SwiftASN1
import X509

/// The part of client-certificate verification that ``RFC5280Policy`` leaves out: the leaf may be used for TLS
/// client authentication. Its key usage, when present, includes `digitalSignature` (a TLS client proves its key by
/// signing); its extended key usage, when present, includes `clientAuth`; and every intermediate CA's extended key
/// usage, when present, includes `clientAuth` or `anyExtendedKeyUsage` (a CA restricted to other purposes cannot
/// issue client certificates). The root, chosen by the operator, is not constrained.
public struct ClientAuthenticationUsagePolicy: VerifierPolicy, Sendable {
    /// Key usage, extended key usage and subject alternative names: this policy reads the first two, and the identity
    /// is read from the third, so a certificate marking them critical is understood.
    public let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.keyUsage, .X509ExtensionID.extendedKeyUsage, .X509ExtensionID.subjectAlternativeName,
    ]

    public init() {}

    public func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) -> PolicyEvaluationResult {
        let leaf = chain.leaf
        if let refusal = Self.leafUsageProblem(leaf) { return .failsToMeetPolicy(reason: refusal) }
        // chain[0] is the leaf and the last is the root; the ones between are intermediates.
        let certificates = Array(chain)
        if certificates.count > 2 {
            for ca in certificates[1..<(certificates.count - 1)] {
                let eku: ExtendedKeyUsage?
                do { eku = try ca.extensions.extendedKeyUsage } catch {
                    return .failsToMeetPolicy(reason: "an intermediate CA's extended key usage extension is malformed")
                }
                if let eku, !eku.contains(.clientAuth), !eku.contains(.any) {
                    return .failsToMeetPolicy(reason: "an intermediate CA (\(ca.subject)) may not issue client certificates: "
                        + "its extended key usage lacks clientAuth")
                }
            }
        }
        return .meetsPolicy
    }

    /// Why `leaf` may not be used for TLS client authentication, or nil when it may.
    public static func leafUsageProblem(_ leaf: Certificate) -> String? {
        do {
            if let ku = try leaf.extensions.keyUsage, !ku.digitalSignature {
                return "the certificate's key usage lacks digitalSignature, which TLS client authentication needs"
            }
            if let eku = try leaf.extensions.extendedKeyUsage, !eku.contains(.clientAuth) {
                return "the certificate's extended key usage lacks clientAuth (it allows \(eku)); issue it for client authentication"
            }
        } catch {
            return "the certificate's key usage or extended key usage extension is malformed"
        }
        return nil
    }
}
