import Foundation
import WardenCore

/// HTTPS and mutual TLS, the configuration file's `tls:` section. When set, Warden serves HTTPS (HTTP/1.1) on its
/// port; with client certificates on, a caller's verified certificate authenticates it when it sends no bearer token.
public struct TLSSettings: Sendable, Equatable {
    /// Whether the server asks TLS clients for a certificate.
    public enum ClientCertificates: String, Sendable, Codable, CaseIterable {
        /// Not asked for; callers authenticate with bearer tokens only.
        case none
        /// Asked for and verified when presented; a client without one may still connect (and send a bearer token).
        case optional
        /// Every connection must present a certificate that verifies, or the handshake fails.
        case required
    }

    /// PEM file: the server certificate first, then any intermediates.
    public var certificateChainFile: String
    /// PEM file: the server certificate's private key (unencrypted).
    public var privateKeyFile: String
    /// PEM bundle of the CAs client certificates must chain to (the system roots are never used for clients).
    public var clientCAFile: String?
    public var clientCertificates: ClientCertificates
    /// Which principal each certificate identity stands for.
    public var mapping: CertificatePrincipalMapping

    public init(certificateChainFile: String, privateKeyFile: String, clientCAFile: String? = nil,
                clientCertificates: ClientCertificates? = nil, mapping: CertificatePrincipalMapping = .init()) {
        self.certificateChainFile = certificateChainFile
        self.privateKeyFile = privateKeyFile
        self.clientCAFile = clientCAFile
        // A client CA says mutual TLS is wanted: require it unless told otherwise.
        self.clientCertificates = clientCertificates ?? (clientCAFile == nil ? .none : .required)
        self.mapping = mapping
    }

    /// Checks the settings that do not need the files.
    /// - Throws: `invalid_input` naming the key to fix.
    public func validate() throws {
        guard !certificateChainFile.isEmpty else { throw WardenError.invalidInput("tls.certificateChainFile: give the path of the server's PEM certificate chain") }
        guard !privateKeyFile.isEmpty else { throw WardenError.invalidInput("tls.privateKeyFile: give the path of the server's PEM private key") }
        if clientCertificates != .none, (clientCAFile ?? "").isEmpty {
            throw WardenError.invalidInput("tls.clientCertificates is \(clientCertificates.rawValue): give tls.clientCAFile, the PEM bundle "
                + "of the CAs that issue client certificates")
        }
        if clientCertificates == .none, !mapping.principalIDs.isEmpty || mapping.unmappedIdentityAsPrincipalID {
            throw WardenError.invalidInput("tls.identities and tls.unmappedIdentityAsPrincipalID need client certificates: "
                + "set tls.clientCAFile and tls.clientCertificates to optional or required")
        }
        for (identity, principal) in mapping.principalIDs.sorted(by: { $0.key < $1.key }) {
            guard !identity.isEmpty, identity.utf8.count <= 2048 else {
                throw WardenError.invalidInput("tls.identities: an identity must be 1 to 2048 characters")
            }
            if identity.lowercased().hasPrefix("spiffe:"), !CertificateIdentity.isValidSPIFFEID(identity) {
                throw WardenError.invalidInput("tls.identities: '\(identity.prefix(200))' is not a valid SPIFFE ID "
                    + "(spiffe://trust-domain/path, lowercase trust domain)")
            }
            guard Principal.isValidID(principal) else {
                throw WardenError.invalidInput("tls.identities: '\(principal.prefix(64))' (for '\(identity.prefix(200))') is not a principal id; "
                    + "use 1 to 64 of letters, digits, '_', '-', '.', '@'")
            }
        }
    }

    /// The settings for the `config.loaded` digest.
    var canonicalSummary: [String: JSONValue] {
        var o: [String: JSONValue] = [
            "certificateChainFile": .string(certificateChainFile), "privateKeyFile": .string(privateKeyFile),
            "clientCertificates": .string(clientCertificates.rawValue),
            "identities": .object(mapping.principalIDs.mapValues { .string($0) }),
            "unmappedIdentityAsPrincipalID": .bool(mapping.unmappedIdentityAsPrincipalID),
        ]
        if let clientCAFile { o["clientCAFile"] = .string(clientCAFile) }
        return o
    }
}
