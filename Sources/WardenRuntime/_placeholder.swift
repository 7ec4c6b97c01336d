// WardenRuntime
