// WardenServer
