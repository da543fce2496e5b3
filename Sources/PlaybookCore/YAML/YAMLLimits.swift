/// Bounds that keep hostile YAML from exhausting time or memory.
public struct YAMLLimits: Sendable {
    /// Largest file accepted, in bytes (SPEC §5: 1 MiB).
    public var maxFileBytes = 1 << 20
    /// Deepest nesting accepted (SPEC §5: 100).
    public var maxDepth = 100
    /// Most nodes an alias expansion may add before the file is refused (billion laughs).
    public var maxAliasExpansion = 100_000

    /// The defaults of SPEC §5.
    public init() {}
}
