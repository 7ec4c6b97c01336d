import WardenCore

/// The pin of an upstream MCP tool: what the governance body reviewed of the upstream's own listing.
public enum MCPToolPin {
    /// The listing fields a pin covers.
    public static let pinnedFields = ["description", "inputSchema", "outputSchema", "annotations"]

    /// The part of a `tools/list` entry a pin covers: `description`, `inputSchema`, `outputSchema` and
    /// `annotations` (absent or null fields omitted).
    public static func pinnedPart(of listing: JSONValue) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for field in pinnedFields {
            if let v = listing[field], v != .null { o[field] = v }
        }
        return .object(o)
    }

    /// SHA-256 (lowercase hex) of the canonical JSON of ``pinnedPart(of:)``.
    public static func digest(of listing: JSONValue) -> String {
        Digest.sha256Hex(pinnedPart(of: listing).canonicalData)
    }

    /// The pinned fields that differ between two listings.
    public static func changedFields(from old: JSONValue, to new: JSONValue) -> [String] {
        let a = pinnedPart(of: old), b = pinnedPart(of: new)
        return pinnedFields.filter { a[$0] != b[$0] }
    }
}
