import Foundation

/// The annotations `unevaluatedProperties` and `unevaluatedItems` depend on: which members and
/// items of the instance some successful subschema already evaluated.
struct Evaluated {
    var allProperties = false
    var properties: Set<String> = []
    var itemsPrefix = 0
    var allItems = false
    var itemIndices: Set<Int> = []

    mutating func merge(_ other: Evaluated) {
        if other.allProperties { allProperties = true }
        if !allProperties, !other.properties.isEmpty { properties.formUnion(other.properties) }
        if other.allItems { allItems = true }
        itemsPrefix = max(itemsPrefix, other.itemsPrefix)
        if !allItems, !other.itemIndices.isEmpty { itemIndices.formUnion(other.itemIndices) }
    }
}
