// WardenStore
