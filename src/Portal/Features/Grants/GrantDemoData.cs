namespace Hidamari.Portal.Features.Grants;
public sealed class GrantDemoData;
