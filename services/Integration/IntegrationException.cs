namespace Uet.Integration;

/// <summary>An integration step that cannot be carried out as asked; the message says what to fix.</summary>
public sealed class IntegrationException(string message, Exception? inner = null) : Exception(message, inner);
