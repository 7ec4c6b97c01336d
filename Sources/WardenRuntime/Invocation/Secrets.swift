/// A secret value that does not show itself: printing, interpolating, dumping or debugging it yields
/// `<redacted>`. The value is read only through ``reveal()``, so every use stands out in review.
public struct Secret: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    /// Wraps `value`.
    public init(_ value: String) { self.value = value }

    /// The secret's value. Pass it only to the upstream that needs it; never log it.
    public func reveal() -> String { value }

    /// Always `<redacted>`.
    public var description: String { "<redacted>" }
    /// Always `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// No children, so `dump` and debuggers show nothing of the value.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
